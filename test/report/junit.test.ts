import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { escapeXmlAttr, escapeXmlText, formatJunit } from '../../src/report/junit.js';
import { diagnostic, lintReport, reportOf } from './helpers.js';

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(s)) throw new Error(`bare & in ${JSON.stringify(s)}`);
  if (/</.test(s)) throw new Error(`bare < in ${JSON.stringify(s)}`);
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, e: string) => (e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e]!));
}

/** A strict little XML parser: throws on anything not well-formed (for the subset JUnit uses). */
function parseXml(xml: string): XmlNode {
  let at = 0;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  if (!decl) throw new Error('missing XML declaration');
  at = decl[0].length;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) throw new Error('control character not allowed in XML 1.0');
  const skipWs = () => {
    while (/\s/.test(xml[at] ?? '')) at++;
  };
  const element = (): XmlNode => {
    const open = /^<([A-Za-z_][\w.-]*)/.exec(xml.slice(at));
    if (!open) throw new Error(`expected element at ${at}: ${xml.slice(at, at + 30)}`);
    at += open[0].length;
    const node: XmlNode = { name: open[1]!, attrs: {}, children: [], text: '' };
    for (;;) {
      skipWs();
      if (xml.startsWith('/>', at)) {
        at += 2;
        return node;
      }
      if (xml[at] === '>') {
        at++;
        break;
      }
      const attr = /^([A-Za-z_][\w.-]*)="([^"]*)"/.exec(xml.slice(at));
      if (!attr) throw new Error(`bad attribute at ${at}: ${xml.slice(at, at + 30)}`);
      if (attr[1]! in node.attrs) throw new Error(`duplicate attribute ${attr[1]}`);
      node.attrs[attr[1]!] = decode(attr[2]!);
      at += attr[0].length;
    }
    for (;;) {
      const lt = xml.indexOf('<', at);
      if (lt < 0) throw new Error(`unclosed <${node.name}>`);
      node.text += decode(xml.slice(at, lt));
      at = lt;
      if (xml.startsWith(`</${node.name}>`, at)) {
        at += node.name.length + 3;
        return node;
      }
      if (xml.startsWith('</', at)) throw new Error(`mismatched close tag at ${at}: ${xml.slice(at, at + 30)}`);
      node.children.push(element());
    }
  };
  const root = element();
  skipWs();
  if (at !== xml.length) throw new Error('content after the root element');
  return root;
}

describe('formatJunit', () => {
  it('writes one suite, a testcase per file with queries and a failure per finding', async () => {
    const report = await lintReport();
    const xml = formatJunit(report, ALL_RULES, { filesWithQueries: ['src/db/users.ts', 'src/clean.ts'] });
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.children).toHaveLength(1);
    const suite = root.children[0]!;
    expect(suite.attrs).toMatchObject({ name: 'sqlwarden', tests: '2', failures: String(report.diagnostics.length), errors: '0', skipped: '0' });
    expect(suite.children.map((c) => c.attrs.name)).toEqual(['src/clean.ts', 'src/db/users.ts']);
    expect(suite.children[0]!.children).toEqual([]);
    const failures = suite.children[1]!.children;
    expect(failures).toHaveLength(report.diagnostics.length);
    for (const [i, f] of failures.entries()) {
      const d = report.diagnostics[i]!;
      expect(f.name).toBe('failure');
      expect(f.attrs.type).toBe(d.ruleId);
      expect(f.attrs.message).toBe(`${d.file}:${d.line}:${d.column} ${d.message}`);
      expect(f.text).toContain(d.help);
      expect(f.text).toContain(d.docsUrl);
    }
  });

  it('escapes markup, quotes and characters XML cannot hold', () => {
    const nasty = diagnostic({
      file: 'src/<a&b>"q\'.ts',
      message: 'value </failure><injected attr="1"> & more ]]>',
      help: 'tab\there\nnew line; bell \u0007 and lone surrogate \ud800 end',
      sql: "SELECT '<x>' & 1",
    });
    const xml = formatJunit(reportOf([nasty], [{ file: 'skip&me.ts', reason: 'skipped: "binary" <file>' }]), ALL_RULES);
    const root = parseXml(xml);
    const suite = root.children[0]!;
    expect(suite.attrs).toMatchObject({ tests: '2', failures: '1', skipped: '1' });
    const testcase = suite.children.find((c) => c.attrs.name === nasty.file)!;
    expect(testcase).toBeDefined();
    const failure = testcase.children[0]!;
    expect(failure.attrs.message).toBe(`${nasty.file}:3:5 ${nasty.message}`);
    expect(failure.text).toContain('tab\there\nnew line; bell \ufffd and lone surrogate \ufffd end');
    expect(failure.text).toContain("SELECT '<x>' & 1");
    const skipped = suite.children.find((c) => c.attrs.name === 'skip&me.ts')!;
    expect(skipped.children[0]).toMatchObject({ name: 'skipped', attrs: { message: 'skipped: "binary" <file>' } });
  });

  it('escape helpers', () => {
    expect(escapeXmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(escapeXmlAttr('"x"\n\'y\'\t')).toBe('&quot;x&quot;&#10;&apos;y&apos;&#9;');
  });

  it('a clean run is a suite with passing testcases', () => {
    const root = parseXml(formatJunit(reportOf([]), [], { filesWithQueries: ['a.ts'] }));
    expect(root.children[0]!.attrs).toMatchObject({ tests: '1', failures: '0' });
    expect(root.children[0]!.children[0]!.attrs.name).toBe('a.ts');
  });
});
