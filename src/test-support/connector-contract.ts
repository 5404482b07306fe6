// The behaviour every Connector must show, as a node:test suite a connector's test file runs. It builds its
// objects from the connector's own schema, so it needs no knowledge of the application behind it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  AttrValue,
  Attributes,
  Connector,
  ConnectorAttribute,
  ConnectorCapabilities,
  ConnectorObjectType,
  DeltaChange,
  ExportEntry,
  ExportResult,
  ImportedObject,
} from '../connector/types.ts';

/** A connector under test (not yet opened) and how to dispose of what it created. */
export interface ConnectorFixture {
  connector: Connector;
  /** Removes what the fixture created; called after the suite closed the connector. */
  cleanup?(): Promise<void>;
  /** The object type to exercise (default: the first of the schema). */
  objectType?: string;
  /** Attributes of a valid new object number n (default: built from the schema's attribute types). */
  sample?(n: number): Attributes;
}

type Ok = Extract<ExportResult, { ok: true }>;

/** Runs the shared Connector contract suite against a connector. */
export function runConnectorContract(name: string, makeConnector: () => Promise<ConnectorFixture>): void {
  describe(`Connector contract: ${name}`, () => {
    const withConnector = (fn: (h: Harness) => Promise<void>) => async () => {
      const fx = await makeConnector();
      await fx.connector.open();
      try {
        await fn(await Harness.create(fx));
      } finally {
        await fx.connector.close();
        await fx.cleanup?.();
      }
    };

    test(
      'the schema is well formed: an anchor per type, unique names, known reference targets',
      withConnector(async (h) => {
        const types = await h.connector.schema();
        assert.ok(types.length > 0, 'at least one object type');
        assert.equal(new Set(types.map((t) => t.name)).size, types.length, 'type names are unique');
        for (const t of types) {
          const names = t.attributes.map((a) => a.name);
          assert.equal(new Set(names).size, names.length, `${t.name}: attribute names are unique`);
          const anchor = t.attributes.find((a) => a.name === t.anchor);
          assert.ok(anchor, `${t.name}: the anchor '${t.anchor}' is one of its attributes`);
          assert.ok(!anchor.multiValued && !anchor.writeOnly, `${t.name}: the anchor is single-valued and readable`);
          for (const a of t.attributes) {
            assert.ok(!(a.readOnly && a.writeOnly), `${t.name}.${a.name}: not both read-only and write-only`);
            if (a.referenceTo !== undefined)
              assert.ok(
                types.some((x) => x.name === a.referenceTo),
                `${t.name}.${a.name}: references a known type`,
              );
          }
          // A type may only lack capabilities its connector has.
          for (const [k, v] of Object.entries(t.capabilities ?? {})) {
            assert.equal(v, false, `${t.name}: capability ${k} can only be taken away`);
            assert.equal(
              h.connector.capabilities[k as keyof ConnectorCapabilities],
              true,
              `${t.name}: lacks ${k}, which the connector has`,
            );
          }
        }
        const caps = h.connector.capabilities;
        assert.ok(['ObjectReplace', 'AttributeUpdate'].includes(caps.exportType), 'a known export type');
        assert.ok(Array.isArray(h.connector.parameters()), 'parameters() is a list');
      }),
    );

    test(
      'test() reports a reachable application',
      withConnector(async (h) => {
        const r = await h.connector.test();
        assert.equal(r.ok, true, r.message);
        assert.ok(r.durationMs >= 0, 'a duration');
      }),
    );

    test(
      'add, then get and full import see the object',
      withConnector(async (h) => {
        const attrs = h.sample();
        const added = await h.add(attrs);
        assert.ok(added.anchor, 'the result carries the anchor');
        const got = await h.connector.get(h.type.name, added.anchor);
        assert.ok(got, 'get finds the new object');
        assert.equal(got.anchor, added.anchor);
        assert.equal(got.objectType, h.type.name);
        h.assertHolds(got.attributes, attrs);
        const all = await h.importAll(3);
        const seen = all.objects.find((o) => o.anchor === added.anchor);
        assert.ok(seen, 'full import lists the new object');
        h.assertHolds(seen.attributes, attrs);
        assert.equal(await h.connector.get(h.type.name, `${added.anchor}-no-such-object`), undefined);
      }),
    );

    test(
      'replace sets the given attributes and clears the absent ones',
      withConnector(async (h) => {
        const attrs = h.sample();
        const { anchor } = await h.add(attrs);
        const next = { ...attrs };
        if (h.mutable) next[h.mutable.name] = h.value(h.mutable, 900);
        const cleared = h.optional.find((a) => a !== h.mutable);
        if (cleared) delete next[cleared.name];
        const [r] = await h.connector.export([
          { kind: 'replace', objectType: h.type.name, anchor, dn: anchor, attributes: next, previous: attrs },
        ]);
        assert.equal(r?.ok, true, JSON.stringify(r));
        const got = await h.connector.get(h.type.name, anchor);
        assert.ok(got, 'get finds the object');
        h.assertHolds(got.attributes, next);
        if (cleared) assert.equal(got.attributes[cleared.name], undefined, `${cleared.name} was cleared`);
      }),
    );

    test(
      'update applies attribute changes',
      withConnector(async (h) => {
        const attrs = h.sample();
        const { anchor } = await h.add(attrs);
        const changes: Extract<ExportEntry, { kind: 'update' }>['changes'] = [];
        const expected = { ...attrs };
        if (h.mutable) {
          const v = h.value(h.mutable, 901) as AttrValue;
          changes.push({ name: h.mutable.name, op: 'replace', values: [v] });
          expected[h.mutable.name] = v;
        }
        const multi = h.multi;
        if (multi) {
          const [first, second] = attrs[multi.name] as AttrValue[];
          const extra = h.value(multi, 902) as AttrValue[];
          changes.push(
            { name: multi.name, op: 'add', values: [extra[0]!] },
            { name: multi.name, op: 'delete', values: [first!] },
          );
          expected[multi.name] = [second!, extra[0]!];
        }
        if (changes.length === 0) return;
        const [r] = await h.connector.export([
          { kind: 'update', objectType: h.type.name, anchor, dn: anchor, changes, previous: attrs },
        ]);
        assert.equal(r?.ok, true, JSON.stringify(r));
        const got = await h.connector.get(h.type.name, anchor);
        assert.ok(got, 'get finds the object');
        if (multi)
          assert.deepEqual(
            [...(got.attributes[multi.name] as AttrValue[])].sort(),
            [...(expected[multi.name] as AttrValue[])].sort(),
          );
        if (h.mutable) assert.equal(got.attributes[h.mutable.name], expected[h.mutable.name]);
      }),
    );

    test(
      'delete removes the object',
      withConnector(async (h) => {
        const { anchor } = await h.add(h.sample());
        const [r] = await h.connector.export([{ kind: 'delete', objectType: h.type.name, anchor, dn: anchor }]);
        assert.equal(r?.ok, true, JSON.stringify(r));
        assert.equal(await h.connector.get(h.type.name, anchor), undefined);
        assert.ok(!(await h.importAll(10)).objects.some((o) => o.anchor === anchor), 'full import no longer lists it');
      }),
    );

    test(
      'changes to an unknown object answer notFound',
      withConnector(async (h) => {
        const anchor = await h.unknownAnchor();
        const t = h.type.name;
        const results = await h.connector.export([
          { kind: 'replace', objectType: t, anchor, dn: anchor, attributes: h.sample(), previous: {} },
          { kind: 'update', objectType: t, anchor, dn: anchor, changes: [], previous: {} },
          { kind: 'delete', objectType: t, anchor, dn: anchor },
        ]);
        assert.deepEqual(
          results.map((r) => (r.ok ? 'ok' : r.kind)),
          ['notFound', 'notFound', 'notFound'],
        );
      }),
    );

    test(
      'a batch of mixed entries gets one result per entry, in order',
      withConnector(async (h) => {
        const kept = h.sample();
        const { anchor: keep } = await h.add(kept);
        const { anchor: doomed } = await h.add(h.sample());
        const missing = await h.unknownAnchor();
        const t = h.type.name;
        const changed = { ...kept, ...(h.mutable ? { [h.mutable.name]: h.value(h.mutable, 950) } : {}) };
        const a1 = h.sample();
        const a2 = h.sample();
        const entries: ExportEntry[] = [
          h.addEntry(a1),
          { kind: 'replace', objectType: t, anchor: keep, dn: keep, attributes: changed, previous: kept },
          { kind: 'replace', objectType: t, anchor: missing, dn: missing, attributes: h.sample(), previous: {} },
          { kind: 'delete', objectType: t, anchor: doomed, dn: doomed },
          h.addEntry(a2),
          { kind: 'update', objectType: t, anchor: keep, dn: keep, changes: [], previous: changed },
        ];
        const results = await h.connector.export(entries);
        assert.equal(results.length, entries.length);
        assert.deepEqual(
          results.map((r) => r.ok),
          [true, true, false, true, true, true],
        );
        assert.equal((results[2] as Extract<ExportResult, { ok: false }>).kind, 'notFound');
        assert.equal((results[1] as Ok).anchor, keep);
        assert.equal((results[3] as Ok).anchor, doomed);
        const [r0, r4] = [results[0] as Ok, results[4] as Ok];
        assert.notEqual(r0.anchor, r4.anchor);
        h.assertHolds((await h.connector.get(t, r0.anchor))!.attributes, a1);
        h.assertHolds((await h.connector.get(t, r4.anchor))!.attributes, a2);
        assert.equal(await h.connector.get(t, doomed), undefined);
      }),
    );

    test(
      'full import paging covers every object exactly once, for every page size',
      withConnector(async (h) => {
        const anchors: string[] = [];
        for (let i = 0; i < 5; i++) anchors.push((await h.add(h.sample())).anchor);
        const total = (await h.importAll(1000)).objects.length;
        for (let size = 1; size <= total + 1; size++) {
          const r = await h.importAll(size);
          const listed = r.objects.map((o) => o.anchor);
          assert.equal(new Set(listed).size, listed.length, `page size ${size}: no object twice`);
          for (const a of anchors) assert.ok(listed.includes(a), `page size ${size}: ${a} listed`);
          assert.equal(listed.length, total, `page size ${size}: every object`);
          assert.ok(r.pages <= Math.ceil(total / size) + 1, `page size ${size}: ${r.pages} pages`);
          assert.ok(
            r.pageSizes.every((n) => n <= size),
            `page size ${size}: pages not larger than asked`,
          );
          if (h.caps.deltaImport) assert.ok(r.watermark !== undefined, 'the last page carries a watermark');
        }
      }),
    );

    test(
      'a full import asked for some attributes returns every object with at least those',
      withConnector(async (h) => {
        const attrs = h.sample();
        await h.add(attrs);
        await h.add(h.sample());
        // The anchor and up to two more readable attributes the samples set (the changed ones first).
        const readable = (a: ConnectorAttribute | undefined): a is ConnectorAttribute =>
          !!a && !a.writeOnly && a.name !== h.type.anchor && attrs[a.name] !== undefined;
        const others = [...new Set([h.mutable, h.multi, ...h.type.attributes].filter(readable))]
          .slice(0, 2)
          .map((a) => a.name);
        const asked = [h.type.anchor, ...others];
        const all = await h.importAll(1000);
        const byAnchor = new Map(all.objects.map((o) => [o.anchor, o]));
        for (const size of [2, 1000]) {
          const some = await h.importAll(size, asked);
          assert.deepEqual(
            some.objects.map((o) => o.anchor).sort(),
            [...byAnchor.keys()].sort(),
            `page size ${size}: every object`,
          );
          for (const o of some.objects) {
            const full = byAnchor.get(o.anchor)!;
            for (const name of asked) {
              if (full.attributes[name] !== undefined)
                assert.deepEqual(
                  o.attributes[name],
                  full.attributes[name],
                  `page size ${size}: ${o.anchor} holds ${name}`,
                );
            }
          }
        }
      }),
    );

    test(
      'delta import after a watermark sees only later changes',
      withConnector(async (h) => {
        if (!h.caps.deltaImport) return;
        const before = h.sample();
        const { anchor: untouched } = await h.add(h.sample());
        const { anchor: changedAnchor } = await h.add(before);
        const { anchor: deletedAnchor } = await h.add(h.sample());
        const { watermark } = await h.importAll(2);
        assert.ok(watermark !== undefined, 'the full import carries a watermark');
        const { anchor: addedAnchor } = await h.add(h.sample());
        const after = { ...before, ...(h.mutable ? { [h.mutable.name]: h.value(h.mutable, 990) } : {}) };
        const results = await h.connector.export([
          {
            kind: 'replace',
            objectType: h.type.name,
            anchor: changedAnchor,
            dn: changedAnchor,
            attributes: after,
            previous: before,
          },
          { kind: 'delete', objectType: h.type.name, anchor: deletedAnchor, dn: deletedAnchor },
        ]);
        assert.ok(
          results.every((r) => r.ok),
          JSON.stringify(results),
        );
        for (const size of [1, 2, 100]) {
          const d = await h.deltaAll(watermark, size);
          const upserts = d.changes.filter(
            (c): c is Extract<DeltaChange, { change: 'upsert' }> => c.change === 'upsert',
          );
          const deletes = d.changes
            .filter((c) => c.change === 'delete')
            .map((c) => (c as Extract<DeltaChange, { change: 'delete' }>).anchor);
          assert.deepEqual(
            upserts.map((c) => c.object.anchor).sort(),
            [addedAnchor, changedAnchor].sort(),
            `page size ${size}: upserts`,
          );
          assert.deepEqual(deletes, [deletedAnchor], `page size ${size}: deletes`);
          assert.ok(
            !d.changes.some((c) => c.change === 'upsert' && c.object.anchor === untouched),
            `page size ${size}: not the untouched object`,
          );
          h.assertHolds(upserts.find((c) => c.object.anchor === changedAnchor)!.object.attributes, after);
          assert.ok(d.watermark !== undefined, 'the last delta page carries a watermark');
          const quiet = await h.deltaAll(d.watermark, size);
          assert.deepEqual(quiet.changes, [], 'nothing changed since the new watermark');
        }
      }),
    );

    test(
      'passwords never come back from get or import',
      withConnector(async (h) => {
        const caps = h.caps;
        const password = 'Contract-Secret-7f3a!';
        const writeOnly = h.type.attributes.filter((a) => a.writeOnly);
        const attrs = h.sample();
        for (const a of writeOnly) if (a.type === 'string') attrs[a.name] = password;
        const entry = h.addEntry(attrs);
        if (caps.exportPasswordInFirstPass && entry.kind === 'add') entry.password = password;
        const [r] = await h.connector.export([entry]);
        assert.equal(r?.ok, true, JSON.stringify(r));
        const anchor = (r as Ok).anchor;
        if (caps.setPassword) {
          const pw = await h.connector.setPassword(h.type.name, anchor, `${password}-2`);
          assert.equal(pw.ok, true, JSON.stringify(pw));
        }
        const seen = [
          JSON.stringify(r),
          JSON.stringify(await h.connector.get(h.type.name, anchor)),
          JSON.stringify((await h.importAll(50)).objects),
        ];
        if (caps.deltaImport) seen.push(JSON.stringify((await h.deltaAll('0', 50)).changes));
        for (const text of seen) {
          assert.ok(!text.includes(password), 'the password is not returned');
          for (const a of writeOnly) assert.ok(!text.includes(`"${a.name}"`), `write-only '${a.name}' is not returned`);
        }
      }),
    );
  });
}

/** Builds valid objects from the schema and runs the common steps of the tests. */
class Harness {
  private n = 0;

  /** The connector's capabilities, less those the type lacks. */
  readonly caps: ConnectorCapabilities;

  private constructor(
    private readonly fx: ConnectorFixture,
    readonly type: ConnectorObjectType,
    /** A single-valued text attribute the tests change (not the anchor, not unique). */
    readonly mutable: ConnectorAttribute | undefined,
    /** A multi-valued text attribute, for add/delete of values. */
    readonly multi: ConnectorAttribute | undefined,
    /** Attributes an object may lack. */
    readonly optional: ConnectorAttribute[],
  ) {
    this.caps = { ...fx.connector.capabilities, ...type.capabilities };
  }

  static async create(fx: ConnectorFixture): Promise<Harness> {
    const types = await fx.connector.schema();
    const type = fx.objectType ? types.find((t) => t.name === fx.objectType) : types[0];
    assert.ok(type, `object type ${fx.objectType ?? '(first)'} exists`);
    const writable = type.attributes.filter(
      (a) => !a.readOnly && !a.writeOnly && a.type === 'string' && a.name !== type.anchor,
    );
    return new Harness(
      fx,
      type,
      writable.find((a) => !a.multiValued && !a.unique),
      writable.find((a) => a.multiValued && !a.unique),
      writable.filter((a) => !a.required && !a.multiValued && !a.unique),
    );
  }

  get connector(): Connector {
    return this.fx.connector;
  }

  /** A valid new object, different from every earlier one. */
  sample(): Attributes {
    this.n++;
    if (this.fx.sample) return this.fx.sample(this.n);
    const attrs: Attributes = {};
    for (const a of this.type.attributes) {
      if (a.readOnly || a.writeOnly) continue;
      if (a.type === 'reference') {
        assert.ok(!a.required, `${this.type.name}.${a.name}: a required reference needs a fixture sample()`);
        continue;
      }
      attrs[a.name] = this.value(a, this.n);
    }
    return attrs;
  }

  /** A value of the attribute's type, distinct per n (two values for multi-valued attributes). */
  value(a: ConnectorAttribute, n: number): AttrValue | AttrValue[] {
    const one = (k: number): AttrValue => {
      switch (a.type) {
        case 'integer':
          return n * 10 + k;
        case 'boolean':
          return (n + k) % 2 === 0;
        case 'dateTime':
          return new Date(Date.UTC(2030, 0, 1, 0, 0, n * 10 + k)).toISOString();
        case 'binary':
          return Buffer.from(`contract-${n}-${k}`).toString('base64');
        default:
          return `ct${n}-${k}-${a.name}`;
      }
    };
    return a.multiValued ? [one(1), one(2)] : one(0);
  }

  addEntry(attrs: Attributes): Extract<ExportEntry, { kind: 'add' }> {
    const anchorDef = this.type.attributes.find((a) => a.name === this.type.anchor);
    const given = attrs[this.type.anchor];
    const anchor = !anchorDef?.readOnly && given !== undefined ? String(given) : undefined;
    return {
      kind: 'add',
      objectType: this.type.name,
      ...(anchor ? { anchor } : {}),
      dn: anchor ?? `new-${this.n}`,
      attributes: attrs,
    };
  }

  /** Adds an object; fails the test when the connector refuses. */
  async add(attrs: Attributes): Promise<Ok> {
    const [r] = await this.connector.export([this.addEntry(attrs)]);
    assert.ok(r?.ok, `add accepted: ${JSON.stringify(r)}`);
    return r;
  }

  /** An anchor no object has. */
  async unknownAnchor(): Promise<string> {
    const { anchor } = await this.add(this.sample());
    const [r] = await this.connector.export([{ kind: 'delete', objectType: this.type.name, anchor, dn: anchor }]);
    assert.equal(r?.ok, true);
    return anchor;
  }

  /** Every attribute given is held with the same values (multi-valued compared as sets). */
  assertHolds(actual: Attributes, expected: Attributes): void {
    for (const [name, v] of Object.entries(expected)) {
      const def = this.type.attributes.find((a) => a.name === name);
      if (!def || def.readOnly || def.writeOnly) continue;
      if (Array.isArray(v)) assert.deepEqual([...((actual[name] as AttrValue[]) ?? [])].sort(), [...v].sort(), name);
      else assert.equal(actual[name], v, name);
    }
  }

  /** A whole full import of the type (of some attributes when given). */
  async importAll(
    pageSize: number,
    attributes?: readonly string[],
  ): Promise<{ objects: ImportedObject[]; watermark?: string; pages: number; pageSizes: number[] }> {
    const objects: ImportedObject[] = [];
    const pageSizes: number[] = [];
    let token: string | undefined;
    let watermark: string | undefined;
    do {
      const page = await this.connector.fullImport({
        objectType: this.type.name,
        pageSize,
        pageToken: token,
        ...(attributes ? { attributes } : {}),
      });
      objects.push(...page.objects);
      pageSizes.push(page.objects.length);
      watermark = page.watermark ?? watermark;
      token = page.nextPageToken;
      assert.ok(pageSizes.length < 10_000, 'paging ends');
    } while (token !== undefined);
    return { objects, watermark, pages: pageSizes.length, pageSizes };
  }

  /** A whole delta import of the type from a watermark. */
  async deltaAll(watermark: string, pageSize: number): Promise<{ changes: DeltaChange[]; watermark?: string }> {
    const changes: DeltaChange[] = [];
    let token: string | undefined;
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await this.connector.deltaImport({
        objectType: this.type.name,
        pageSize,
        pageToken: token,
        watermark,
      });
      assert.ok(page.changes.length <= pageSize, 'delta pages not larger than asked');
      changes.push(...page.changes);
      next = page.watermark ?? next;
      token = page.nextPageToken;
      assert.ok(++pages < 10_000, 'paging ends');
    } while (token !== undefined);
    return { changes, watermark: next };
  }
}
