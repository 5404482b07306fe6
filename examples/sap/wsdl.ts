// The stand-in's WSDL, shaped like the one SAP's SOAMANAGER generates for an RFC-enabled function group: one
// schema in urn:sap-com:document:sap:rfc:functions with SAP's simple types (char40, numeric3, date10, …), a complex
// type per structure, TABLE_OF_… types with `item` rows, one element per function module and one for its response
// (parameters in alphabetical order, unqualified child elements), document/literal SOAP 1.1 and 1.2 bindings, and
// SAP's WS-Policy blocks. Written from bapi-types.ts; `node --import tsx examples/sap/write-wsdl.ts` rewrites
// sap-user.wsdl.
import {
  FUNCTIONS,
  type FunctionModule,
  type Param,
  SAP_RFC_NS,
  SERVICE,
  SIMPLE_TYPES,
  STRUCTURES,
  soapAction,
} from './bapi-types.ts';

/** The endpoint host SAP's examples use (the connector's baseUrl replaces it). */
export const DEFAULT_ORIGIN = 'http://vhcalnplci.dummy.nodomain:8000';

const xsdType = (type: string): string =>
  type === 'int' ? 'xsd:int' : STRUCTURES[type] || SIMPLE_TYPES[type] ? `tns:${type}` : fail(type);
function fail(type: string): never {
  throw new Error(`unknown type ${type}`);
}
const paramType = (p: Param): string => (p.table ? `tns:TABLE_OF_${p.type}` : xsdType(p.type));
const byName = (a: Param, b: Param): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function simpleTypes(): string[] {
  const out: string[] = [];
  for (const [name, t] of Object.entries(SIMPLE_TYPES)) {
    out.push(`   <xsd:simpleType name="${name}">`, `    <xsd:restriction base="xsd:${t.base}">`);
    if (t.maxLength !== undefined) out.push(`     <xsd:maxLength value="${t.maxLength}"/>`);
    if (t.pattern !== undefined) out.push(`     <xsd:pattern value="${t.pattern}"/>`);
    out.push('    </xsd:restriction>', '   </xsd:simpleType>');
  }
  return out;
}

/** Structures used in tables get a TABLE_OF_ type. */
function tableTypes(): Set<string> {
  const s = new Set<string>();
  for (const f of FUNCTIONS) for (const p of f.tables) s.add(p.type);
  return s;
}

function complexTypes(): string[] {
  const out: string[] = [];
  for (const [name, fields] of Object.entries(STRUCTURES)) {
    out.push(`   <xsd:complexType name="${name}">`, '    <xsd:sequence>');
    for (const [f, t] of fields) out.push(`     <xsd:element name="${f}" type="${xsdType(t)}"/>`);
    out.push('    </xsd:sequence>', '   </xsd:complexType>');
  }
  for (const s of tableTypes()) {
    out.push(`   <xsd:complexType name="TABLE_OF_${s}">`, '    <xsd:sequence>');
    out.push(`     <xsd:element name="item" type="tns:${s}" minOccurs="0" maxOccurs="unbounded"/>`);
    out.push('    </xsd:sequence>', '   </xsd:complexType>');
  }
  return out;
}

function elements(f: FunctionModule): string[] {
  const input = [...f.importing, ...f.tables].sort(byName);
  const output = [...f.exporting, ...f.tables].sort(byName);
  const out: string[] = [];
  const element = (name: string, params: Param[], optional: (p: Param) => boolean) => {
    out.push(`   <xsd:element name="${name}">`, '    <xsd:complexType>', '     <xsd:sequence>');
    for (const p of params)
      out.push(`      <xsd:element name="${p.name}" type="${paramType(p)}"${optional(p) ? ' minOccurs="0"' : ''}/>`);
    out.push('     </xsd:sequence>', '    </xsd:complexType>', '   </xsd:element>');
  };
  element(f.name, input, (p) => p.table === true || p.optional === true);
  // The response: exporting parameters always, tables only when the request carried them (as SAP's runtime does).
  element(`${f.name}Response`, output, (p) => p.table === true);
  return out;
}

function policy(id: string): string[] {
  return [
    ` <wsp:Policy wsu:Id="${id}">`,
    '  <wsp:ExactlyOne>',
    '   <wsp:All>',
    '    <sapattahnd:Enabled xmlns:sapattahnd="http://www.sap.com/710/features/attachment/">false</sapattahnd:Enabled>',
    '    <saptrnbnd:OptimizedMimeSerialization xmlns:saptrnbnd="http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization" wsp:Optional="true"/>',
    '    <wsaw:UsingAddressing xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" wsp:Optional="true"/>',
    '   </wsp:All>',
    '  </wsp:ExactlyOne>',
    ' </wsp:Policy>',
  ];
}

function binding(name: string, soap: 'soap' | 'soap12'): string[] {
  const out = [
    ` <wsdl:binding name="${name}" type="tns:${SERVICE.portType}">`,
    '  <wsp:Policy>',
    `   <wsp:PolicyReference URI="#BN__${name}"/>`,
    '  </wsp:Policy>',
    `  <${soap}:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>`,
  ];
  for (const f of FUNCTIONS) {
    out.push(
      `  <wsdl:operation name="${f.name}">`,
      `   <${soap}:operation soapAction="${soapAction(f.name)}" style="document"/>`,
      `   <wsdl:input>`,
      `    <${soap}:body use="literal"/>`,
      `   </wsdl:input>`,
      `   <wsdl:output>`,
      `    <${soap}:body use="literal"/>`,
      `   </wsdl:output>`,
      '  </wsdl:operation>',
    );
  }
  out.push(' </wsdl:binding>');
  return out;
}

/** The WSDL text; `origin` (scheme, host and port) goes into both endpoint addresses. */
export function wsdlText(origin: string = DEFAULT_ORIGIN): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<wsdl:definitions targetNamespace="${SAP_RFC_NS}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="${SAP_RFC_NS}" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">`,
    ' <wsdl:documentation>',
    '  <sidl:sidl xmlns:sidl="http://www.sap.com/2007/03/sidl"/>',
    ' </wsdl:documentation>',
    ' <wsp:UsingPolicy wsdl:required="true"/>',
    ...policy(`BN__${SERVICE.binding}`),
    ...policy(`BN__${SERVICE.binding12}`),
    ` <wsp:Policy wsu:Id="IF__${SERVICE.portType}">`,
    '  <wsp:ExactlyOne>',
    '   <wsp:All>',
    '    <sapsession:Session xmlns:sapsession="http://www.sap.com/webas/630/soap/features/session/">',
    '     <sapsession:enableSession>false</sapsession:enableSession>',
    '    </sapsession:Session>',
    '    <sapcentraladmin:CentralAdministration xmlns:sapcentraladmin="http://www.sap.com/webas/700/soap/features/CentralAdministration/" wsp:Optional="true">',
    '     <sapcentraladmin:BusinessApplicationID>0050569A1B2C1EDFA0B2D6A1B9C5E0F1</sapcentraladmin:BusinessApplicationID>',
    '    </sapcentraladmin:CentralAdministration>',
    '   </wsp:All>',
    '  </wsp:ExactlyOne>',
    ' </wsp:Policy>',
    ...FUNCTIONS.flatMap((f) => [
      ` <wsp:Policy wsu:Id="OP__${f.name}">`,
      '  <wsp:ExactlyOne>',
      '   <wsp:All>',
      '    <saptrhnw05:required xmlns:saptrhnw05="http://www.sap.com/NW05/soap/features/transaction/">no</saptrhnw05:required>',
      '    <sapcomhnd:enableCommit xmlns:sapcomhnd="http://www.sap.com/NW05/soap/features/commit/">false</sapcomhnd:enableCommit>',
      '    <sapblock:enableBlocking xmlns:sapblock="http://www.sap.com/NW05/soap/features/blocking/">true</sapblock:enableBlocking>',
      '    <saprmnw05:enableWSRM xmlns:saprmnw05="http://www.sap.com/NW05/soap/features/wsrm/">false</saprmnw05:enableWSRM>',
      '   </wsp:All>',
      '  </wsp:ExactlyOne>',
      ' </wsp:Policy>',
    ]),
    ' <wsdl:types>',
    `  <xsd:schema attributeFormDefault="qualified" targetNamespace="${SAP_RFC_NS}">`,
    ...simpleTypes(),
    ...complexTypes(),
    ...FUNCTIONS.flatMap(elements),
    '  </xsd:schema>',
    ' </wsdl:types>',
    ...FUNCTIONS.flatMap((f) => [
      ` <wsdl:message name="${f.name}">`,
      `  <wsdl:part name="parameters" element="tns:${f.name}"/>`,
      ' </wsdl:message>',
      ` <wsdl:message name="${f.name}Response">`,
      `  <wsdl:part name="parameter" element="tns:${f.name}Response"/>`,
      ' </wsdl:message>',
    ]),
    ` <wsdl:portType name="${SERVICE.portType}">`,
    '  <wsp:Policy>',
    `   <wsp:PolicyReference URI="#IF__${SERVICE.portType}"/>`,
    '  </wsp:Policy>',
    ...FUNCTIONS.flatMap((f) => [
      `  <wsdl:operation name="${f.name}">`,
      '   <wsp:Policy>',
      `    <wsp:PolicyReference URI="#OP__${f.name}"/>`,
      '   </wsp:Policy>',
      `   <wsdl:input message="tns:${f.name}"/>`,
      `   <wsdl:output message="tns:${f.name}Response"/>`,
      '  </wsdl:operation>',
    ]),
    ' </wsdl:portType>',
    ...binding(SERVICE.binding, 'soap'),
    ...binding(SERVICE.binding12, 'soap12'),
    ` <wsdl:service name="${SERVICE.service}">`,
    `  <wsdl:port name="${SERVICE.binding}" binding="tns:${SERVICE.binding}">`,
    `   <soap:address location="${origin}${SERVICE.path}"/>`,
    '  </wsdl:port>',
    `  <wsdl:port name="${SERVICE.binding12}" binding="tns:${SERVICE.binding12}">`,
    `   <soap12:address location="${origin}${SERVICE.path12}"/>`,
    '  </wsdl:port>',
    ' </wsdl:service>',
    '</wsdl:definitions>',
  ];
  return `${lines.join('\n')}\n`;
}
