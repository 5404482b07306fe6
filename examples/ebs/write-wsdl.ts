// Rewrites templates/oracle-ebs/*.wsdl from the catalogue (isg-types.ts): node --import tsx examples/ebs/write-wsdl.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allWsdls } from './wsdl.ts';

for (const [name, text] of Object.entries(allWsdls()))
  writeFileSync(fileURLToPath(new URL(`../../templates/oracle-ebs/${name}`, import.meta.url)), text);
