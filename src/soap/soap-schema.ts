// The SOAP parts of a project: what WSDL discovery stores about an operation, and a SOAP service's settings.
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../config/schema-helpers.ts';

/**
 * One element of a message structure (a WSDL part or an XSD element). Children are checked as plain values: a
 * recursive schema would be repeated in every operation, which JSON Schema validators refuse.
 */
export const XmlNodeSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Local name of the element (or of the rpc part).' }),
    namespace: Type.Optional(Type.String({ description: 'Namespace URI of the element (absent: unqualified).' })),
    type: Type.Optional(
      Type.String({ description: 'XSD simple type of a leaf (string, int, boolean, date, dateTime, decimal, …).' }),
    ),
    minOccurs: Type.Integer({ minimum: 0, default: 1 }),
    maxOccurs: Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('unbounded')], {
      default: 1,
      description: 'More than 1 (or unbounded): an array.',
    }),
    nillable: Type.Optional(Type.Boolean()),
    children: Type.Optional(
      Type.Array(Type.Unknown(), { description: 'Child elements (XmlNode) in sequence order (complex types).' }),
    ),
  },
  { additionalProperties: false },
);

/** What discovery keeps about one SOAP operation. */
export const SoapOperationSchema = Type.Object(
  {
    service: Type.String({ description: 'WSDL service name.' }),
    port: Type.String({ description: 'WSDL port (endpoint) name.' }),
    binding: Type.String({ description: 'WSDL binding name.' }),
    version: StringEnum(['1.1', '1.2'] as const, { description: 'SOAP version of the binding.' }),
    style: StringEnum(['document', 'rpc'] as const),
    address: Type.Optional(Type.String({ description: "The port's endpoint address from the WSDL." })),
    action: Type.Optional(Type.String({ description: 'soapAction (1.1 SOAPAction header; 1.2 action parameter).' })),
    /** rpc style: the wrapper element's namespace (soap:body namespace). */
    namespace: Type.Optional(Type.String()),
    input: Type.Array(XmlNodeSchema, {
      description:
        'Body children of the request (document: the part elements; rpc: the parts inside the operation wrapper).',
    }),
    output: Type.Array(XmlNodeSchema, { description: 'Body children of the response.' }),
  },
  { additionalProperties: false, description: 'SOAP details of an operation (filled by ferry discover soap).' },
);

/** Settings of a SOAP service beyond HTTP. */
export const SoapServiceSettingsSchema = Type.Object(
  {
    wsSecurity: Type.Optional(
      Type.Object(
        {
          type: Type.Literal('usernameToken'),
          username: Type.String({ minLength: 1 }),
          password: Type.String({ minLength: 1, description: 'Usually "{{ params.password }}".' }),
          digest: Type.Boolean({
            default: false,
            description: 'PasswordDigest (with nonce and created) instead of PasswordText.',
          }),
        },
        { additionalProperties: false },
      ),
    ),
    headers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, description: 'Local name of the header element.' }),
            namespace: Type.Optional(Type.String({ minLength: 1, description: 'Its namespace URI.' })),
            value: Type.Optional(
              Type.Unknown({
                description:
                  'Text, or a structure whose keys become child elements in the same namespace; templates such as "{{ params.responsibility }}" are filled.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        {
          description:
            'Header blocks sent with every call besides WS-Security, e.g. the SOAHeader of Oracle E-Business Suite.',
        },
      ),
    ),
  },
  { additionalProperties: false, default: {} },
);

/** A message structure node. */
export type XmlNode = Omit<Static<typeof XmlNodeSchema>, 'children'> & { children?: XmlNode[] };
/** The SOAP details of an operation. */
export type SoapOperation = Omit<Static<typeof SoapOperationSchema>, 'input' | 'output'> & {
  input: XmlNode[];
  output: XmlNode[];
};
/** A SOAP service's settings. */
export type SoapServiceSettings = Static<typeof SoapServiceSettingsSchema>;
