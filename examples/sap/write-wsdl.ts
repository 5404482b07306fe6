// Rewrites templates/sap-ecc/sap-user.wsdl from the catalogue (bapi-types.ts): node --import tsx examples/sap/write-wsdl.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wsdlText } from './wsdl.ts';

const file = fileURLToPath(new URL('../../templates/sap-ecc/sap-user.wsdl', import.meta.url));
writeFileSync(file, wsdlText());
process.stdout.write(`wrote ${file}\n`);
