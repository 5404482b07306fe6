// The WSDL of one exposed package, shaped like the ones ISG generates: document/literal SOAP 1.1, one schema per
// procedure (its own namespace, with InputParameters and OutputParameters, every field optional and nillable as
// PL/SQL parameters are), the SOAHeader element (Responsibility, RespApplication, SecurityGroup, NLSLanguage,
// Org_Id) bound as a soap:header part of each request, and one service with one port. `node --import tsx
// examples/ebs/write-wsdl.ts` writes them into templates/oracle-ebs/.
import {
  type IsgPackage,
  type IsgParam,
  type IsgProcedure,
  PACKAGES,
  RESP_REC,
  USER_REC,
  endpointPath,
  packageNs,
  procedureNs,
  soapAction,
} from './isg-types.ts';

/** The origin written into the WSDL files (a connector's baseUrl replaces it). */
export const DEFAULT_ORIGIN = 'http://ebs.example.com:8000';

/** The SOAHeader's fields, in ISG's order. */
export const SOA_HEADER_FIELDS = ['Responsibility', 'RespApplication', 'SecurityGroup', 'NLSLanguage', 'Org_Id'];

const RECORDS: Record<string, [string, IsgParam['type']][]> = { USER_REC, RESP_REC };

function field(p: IsgParam, indent: string): string[] {
  const many = p.table ? ' maxOccurs="unbounded"' : '';
  const rec = RECORDS[p.type];
  if (!rec && !p.table) return [`${indent}<element name="${p.name}" type="${p.type}" minOccurs="0" nillable="true"/>`];
  const row = rec
    ? [
        `${indent}    <element name="ITEM" minOccurs="0"${many}>`,
        `${indent}     <complexType><sequence>`,
        ...rec.map(([f, t]) => `${indent}      <element name="${f}" type="${t}" minOccurs="0" nillable="true"/>`),
        `${indent}     </sequence></complexType>`,
        `${indent}    </element>`,
      ]
    : [`${indent}    <element name="ITEM" type="${p.type}" minOccurs="0"${many}/>`];
  if (!p.table) {
    // A record parameter: its fields directly.
    return [
      `${indent}<element name="${p.name}" minOccurs="0">`,
      `${indent} <complexType><sequence>`,
      ...rec.map(([f, t]) => `${indent}  <element name="${f}" type="${t}" minOccurs="0" nillable="true"/>`),
      `${indent} </sequence></complexType>`,
      `${indent}</element>`,
    ];
  }
  return [
    `${indent}<element name="${p.name}" minOccurs="0">`,
    `${indent} <complexType>`,
    `${indent}  <sequence>`,
    ...row,
    `${indent}  </sequence>`,
    `${indent} </complexType>`,
    `${indent}</element>`,
  ];
}

function procedureSchema(pkg: IsgPackage, proc: IsgProcedure): string[] {
  const params = (name: string, ps: IsgParam[]) =>
    ps.length === 0
      ? [`    <element name="${name}"><complexType><sequence/></complexType></element>`]
      : [
          `    <element name="${name}">`,
          '     <complexType>',
          '      <sequence>',
          ...ps.flatMap((p) => field(p, '       ')),
          '      </sequence>',
          '     </complexType>',
          '    </element>',
        ];
  return [
    `   <schema xmlns="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified" targetNamespace="${procedureNs(pkg.name, proc.name)}">`,
    ...params('InputParameters', proc.input),
    ...params('OutputParameters', proc.output),
    '   </schema>',
  ];
}

/** The WSDL text of one package, its address under `origin`. */
export function wsdlText(pkg: IsgPackage, origin: string = DEFAULT_ORIGIN): string {
  const up = pkg.name.toUpperCase();
  const nsDecl = pkg.procedures.map((p, i) => `  xmlns:p${i}="${procedureNs(pkg.name, p.name)}"`);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- ${up} exposed through the Integrated SOA Gateway (stand-in of examples/ebs; written by write-wsdl.ts). -->`,
    `<definitions name="${up}" targetNamespace="${packageNs(pkg.name)}"`,
    '  xmlns="http://schemas.xmlsoap.org/wsdl/"',
    '  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"',
    `  xmlns:tns="${packageNs(pkg.name)}"`,
    `${nsDecl.join('\n')}>`,
    ' <types>',
    ...pkg.procedures.flatMap((p) => procedureSchema(pkg, p)),
    `   <schema xmlns="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified" targetNamespace="${packageNs(pkg.name)}">`,
    '    <element name="SOAHeader">',
    '     <complexType>',
    '      <sequence>',
    ...SOA_HEADER_FIELDS.map((f) => `       <element name="${f}" type="string" minOccurs="0"/>`),
    '      </sequence>',
    '     </complexType>',
    '    </element>',
    '   </schema>',
    ' </types>',
  ];
  pkg.procedures.forEach((p, i) => {
    out.push(
      ` <message name="${p.name}_Input_Msg">`,
      '  <part name="header" element="tns:SOAHeader"/>',
      `  <part name="body" element="p${i}:InputParameters"/>`,
      ' </message>',
      ` <message name="${p.name}_Output_Msg">`,
      `  <part name="body" element="p${i}:OutputParameters"/>`,
      ' </message>',
    );
  });
  out.push(` <portType name="${up}_PortType">`);
  for (const p of pkg.procedures)
    out.push(
      `  <operation name="${p.name}">`,
      `   <input message="tns:${p.name}_Input_Msg"/>`,
      `   <output message="tns:${p.name}_Output_Msg"/>`,
      '  </operation>',
    );
  out.push(' </portType>', ` <binding name="${up}_Binding" type="tns:${up}_PortType">`);
  out.push('  <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>');
  for (const p of pkg.procedures)
    out.push(
      `  <operation name="${p.name}">`,
      `   <soap:operation soapAction="${soapAction(pkg.name, p.name)}"/>`,
      '   <input>',
      `    <soap:header message="tns:${p.name}_Input_Msg" part="header" use="literal"/>`,
      '    <soap:body parts="body" use="literal"/>',
      '   </input>',
      '   <output><soap:body use="literal"/></output>',
      '  </operation>',
    );
  out.push(
    ' </binding>',
    ` <service name="${up}_Service">`,
    `  <port name="${up}_Port" binding="tns:${up}_Binding">`,
    `   <soap:address location="${origin}${endpointPath(pkg.name)}"/>`,
    '  </port>',
    ' </service>',
    '</definitions>',
    '',
  );
  return out.join('\n');
}

/** The WSDL file name of a package in templates/oracle-ebs/. */
export const wsdlFileName = (pkg: string): string => `${pkg}.wsdl`;

/** Every package's WSDL, by file name. */
export function allWsdls(origin?: string): Record<string, string> {
  return Object.fromEntries(PACKAGES.map((p) => [wsdlFileName(p.name), wsdlText(p, origin)]));
}
