// References hold anchors, and anchors are text: an application that numbers its ids (as Redmine does) gives a
// group's members as numbers, and the connector hands them on as the same text the users' anchors are.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { parseProject } from './project/load-project.ts';
import { WebServiceConnector } from './web-service-connector.ts';
import { HttpCaller } from './http-caller.ts';

const PROJECT = `
name: Numbered ids
services:
  app:
    http: { baseUrl: http://127.0.0.1:1 }
    discovery: { operations: { listGroups: { method: GET, path: /groups } } }
schema:
  objectTypes:
    - name: Group
      anchor: id
      attributes:
        - { name: id, readOnly: true }
        - { name: name }
        - { name: owner, type: reference, referenceTo: Group }
        - { name: members, type: reference, multiValued: true, referenceTo: Group }
flows:
  objectTypes:
    Group:
      fullImport:
        - call: listGroups
          records: groups
          each:
            as: g
            do:
              - emit: { anchor: "{{ g.id }}", attributes: { id: "{{ g.id }}", name: "{{ g.name }}", owner: "{{ g.owner }}", members: "{{ g.members }}" } }
`;

let server: Server;
let baseUrl: string;

before(async () => {
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ groups: [{ id: 7, name: 'seven', owner: 12, members: [3, 12, 'x9'] }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

test('numbers given for references become text; other values keep their type', async () => {
  const c = new WebServiceConnector({
    loaded: parseProject(PROJECT, 'numbered.yaml'),
    parameters: {},
    baseUrl,
    exportType: 'ObjectReplace',
    logger: pino({ level: 'silent' }),
    openCaller: (_name, http, info) => new HttpCaller(http, info),
  });
  await c.open();
  try {
    const page = await c.fullImport({ objectType: 'Group', pageSize: 10 });
    assert.deepEqual(page.objects, [
      {
        objectType: 'Group',
        anchor: '7',
        attributes: { id: 7, name: 'seven', owner: '12', members: ['3', '12', 'x9'] },
      },
    ]);
  } finally {
    await c.close();
  }
});
