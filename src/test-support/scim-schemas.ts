// Schemas shared by the SCIM tests: an ECMA2Host-style extension like the ones Entra's ECMA app uses.
import { attr, complex } from '../scim/schema/builders.ts';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../scim/schema/core-schemas.ts';
import { ResourceSchema } from '../scim/schema/resource-schema.ts';
import type { SchemaDef } from '../scim/schema/types.ts';

/** Schema id of the test ECMA2Host user extension. */
export const ECMA_USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';

/** An ECMA2Host extension with one attribute of each type, as a connector would declare them. */
export const ECMA_USER_SCHEMA: SchemaDef = {
  id: ECMA_USER_SCHEMA_ID,
  name: 'ECMA2Host User',
  description: 'Attributes of the test connector',
  attributes: [
    attr('city', 'string'),
    attr('EmployeeID', 'string', { caseExact: true }),
    attr('hireDate', 'dateTime'),
    attr('isContractor', 'boolean'),
    attr('level', 'integer'),
    attr('salary', 'decimal'),
    attr('proxyAddresses', 'string', { multiValued: true }),
    attr('badge', 'binary'),
    attr('sponsor', 'reference', { referenceTypes: ['User'] }),
    attr('badgeNumber', 'string', { mutability: 'immutable' }),
    complex('office', [attr('building', 'string'), attr('floor', 'integer')]),
  ],
};

/** core User + enterprise + ECMA2Host, in that resolution order. */
export function userSchema(): ResourceSchema {
  return new ResourceSchema(USER_SCHEMA, [ENTERPRISE_USER_SCHEMA, ECMA_USER_SCHEMA]);
}

/** core Group alone. */
export function groupSchema(): ResourceSchema {
  return new ResourceSchema(GROUP_SCHEMA);
}
