// The standard SCIM schemas of RFC 7643 §8.7.1 (User, Group, enterprise User) and the common attributes of §3.1.
import { attr, complex, multiComplex, pluralSubAttributes } from './builders.ts';
import type { AttributeDef, SchemaDef } from './types.ts';

/** Schema id of the core User (RFC 7643 §4.1). */
export const USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** Schema id of the core Group (RFC 7643 §4.2). */
export const GROUP_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** Schema id of the enterprise User extension (RFC 7643 §4.3). */
export const ENTERPRISE_USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const str = (name: string, description?: string) => attr(name, 'string', { description });

/** id, externalId and meta: carried by every resource but belonging to no schema (RFC 7643 §3.1). */
export const COMMON_ATTRIBUTES: readonly AttributeDef[] = [
  attr('id', 'string', {
    description: 'Identifier of the resource, issued by the service provider.',
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attr('externalId', 'string', { description: 'Identifier of the resource as the client knows it.', caseExact: true }),
  complex(
    'meta',
    [
      attr('resourceType', 'string', { caseExact: true, mutability: 'readOnly' }),
      attr('created', 'dateTime', { mutability: 'readOnly' }),
      attr('lastModified', 'dateTime', { mutability: 'readOnly' }),
      attr('location', 'reference', { caseExact: true, mutability: 'readOnly', referenceTypes: ['uri'] }),
      attr('version', 'string', { caseExact: true, mutability: 'readOnly' }),
    ],
    { description: 'Resource metadata maintained by the service provider.', mutability: 'readOnly' },
  ),
];

/** The core User schema. */
export const USER_SCHEMA: SchemaDef = {
  id: USER_SCHEMA_ID,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', 'string', {
      description: 'Unique identifier the user signs in with.',
      required: true,
      uniqueness: 'server',
    }),
    complex(
      'name',
      ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map((n) => str(n)),
      { description: "Components of the user's real name." },
    ),
    str('displayName', 'Name shown to end users.'),
    str('nickName', 'Casual name.'),
    attr('profileUrl', 'reference', { description: 'Online profile page.', referenceTypes: ['external'] }),
    str('title', 'Job title.'),
    str('userType', 'Relationship to the organization, e.g. Employee or Contractor.'),
    str('preferredLanguage', 'Preferred written or spoken language.'),
    str('locale', 'Locale for localizing currency, dates and numbers.'),
    str('timezone', 'Time zone, in IANA database format.'),
    attr('active', 'boolean', { description: 'Whether the account may be used.' }),
    attr('password', 'string', {
      description: 'Clear-text password (write only).',
      mutability: 'writeOnly',
      returned: 'never',
    }),
    multiComplex('emails', pluralSubAttributes({ typeValues: ['work', 'home', 'other'] }), {
      description: 'Email addresses.',
    }),
    multiComplex(
      'phoneNumbers',
      pluralSubAttributes({ typeValues: ['work', 'home', 'mobile', 'fax', 'pager', 'other'] }),
      {
        description: 'Phone numbers.',
      },
    ),
    multiComplex(
      'ims',
      pluralSubAttributes({ typeValues: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'] }),
      { description: 'Instant messaging addresses.' },
    ),
    multiComplex(
      'photos',
      pluralSubAttributes({
        valueType: 'reference',
        valueCaseExact: true,
        referenceTypes: ['external'],
        typeValues: ['photo', 'thumbnail'],
      }),
      { description: 'URLs of photos of the user.' },
    ),
    multiComplex(
      'addresses',
      [
        ...['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country'].map((n) => str(n)),
        attr('type', 'string', { canonicalValues: ['work', 'home', 'other'] }),
        attr('primary', 'boolean'),
      ],
      { description: 'Physical mailing addresses.' },
    ),
    multiComplex(
      'groups',
      [
        attr('value', 'string', { mutability: 'readOnly' }),
        attr('$ref', 'reference', { mutability: 'readOnly', referenceTypes: ['Group'] }),
        attr('display', 'string', { mutability: 'readOnly' }),
        attr('type', 'string', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }),
      ],
      // Membership is managed through /Groups, so clients may not write it here (RFC 7643 §4.1.2).
      { description: 'Groups the user belongs to.', mutability: 'readOnly' },
    ),
    multiComplex('entitlements', pluralSubAttributes(), { description: 'Entitlements of the user.' }),
    multiComplex('roles', pluralSubAttributes(), { description: 'Roles of the user.' }),
    multiComplex('x509Certificates', pluralSubAttributes({ valueType: 'binary', valueCaseExact: true }), {
      description: 'DER-encoded X.509 certificates, base64.',
    }),
  ],
};

/** The core Group schema. */
export const GROUP_SCHEMA: SchemaDef = {
  id: GROUP_SCHEMA_ID,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', 'string', { description: 'Name of the group.', required: true }),
    multiComplex(
      'members',
      [
        attr('value', 'string', { mutability: 'immutable' }),
        attr('$ref', 'reference', { mutability: 'immutable', referenceTypes: ['User', 'Group'] }),
        attr('type', 'string', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
        attr('display', 'string', { mutability: 'readOnly' }),
      ],
      { description: 'Members of the group.' },
    ),
  ],
};

/** The enterprise User extension. */
export const ENTERPRISE_USER_SCHEMA: SchemaDef = {
  id: ENTERPRISE_USER_SCHEMA_ID,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', 'Identifier assigned by the organization.'),
    str('costCenter', 'Cost center.'),
    str('organization', 'Organization.'),
    str('division', 'Division.'),
    str('department', 'Department.'),
    complex(
      'manager',
      [
        attr('value', 'string', { required: true, caseExact: true }),
        // RFC 7643's sample marks $ref required, but Entra sets the manager by id alone, so requiring it would
        // reject every Entra manager update.
        attr('$ref', 'reference', { referenceTypes: ['User'] }),
        attr('displayName', 'string', { mutability: 'readOnly' }),
      ],
      { description: "The user's manager (another User's id)." },
    ),
  ],
};
