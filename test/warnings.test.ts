/**
 * Warnings a person can read: the registry of rules, decoded links in messages, folding (one
 * line per rule and file, a cap on the lines, a summary by rule) and how a failure is reported.
 * The real CLI's output and exit codes are in test/cli.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Diagnostics, EXIT_CODES, InkstoneError, ToolError, UsageError, type Warning } from '../scripts/errors.ts';
import { describeFailure } from '../scripts/util/command.ts';
import { foldWarnings, summarizeWarnings, WarningReport } from '../scripts/util/warning-report.ts';
import { displayHref, isWarningRule, WARNING_RULE_IDS, WARNING_RULES, type WarningRule } from '../scripts/warnings.ts';

const w = (rule: WarningRule, file: string, line: number | undefined, message: string): Warning => ({ rule, message, position: { file, line } });

describe('the registry of warning rules', () => {
  it('has one line for each rule, in alphabetical order, and knows only its own ids', () => {
    expect(WARNING_RULE_IDS).toEqual([...WARNING_RULE_IDS].sort());
    for (const rule of WARNING_RULE_IDS) {
      expect(rule).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(WARNING_RULES[rule]).not.toMatch(/\n/);
      expect(WARNING_RULES[rule].length).toBeGreaterThan(20);
    }
    for (const rule of ['broken-link', 'broken-fragment', 'empty-note', 'missing-glyph', 'unsafe-html', 'svg-cleaned', 'image-unavailable']) expect(isWarningRule(rule)).toBe(true);
    expect(isWarningRule('no-such-rule')).toBe(false);
    expect(isWarningRule('toString')).toBe(false);
  });

  it('Diagnostics.warn accepts only registered ids (checked by the type checker)', () => {
    const d = new Diagnostics();
    // @ts-expect-error: an unregistered rule id is a type error
    d.warn('made-up-rule', 'x', { file: 'a.md' });
    d.warn('broken-link', 'y', { file: 'a.md', line: 2 });
    expect(d.warnings.map((x) => x.rule)).toEqual(['made-up-rule', 'broken-link']);
  });
});

describe('displayHref shows links as a person reads them', () => {
  it.each([
    ['#%E7%BE%A4', '#群'],
    ['%E7%AC%AC%E4%B8%80%E7%AB%A0.md#%E5%B0%8F%E8%8A%82', '第一章.md#小节'],
    ['my%20notes/a.md', 'my notes/a.md'],
    ['already/群.md#群', 'already/群.md#群'],
    // Escapes that change what a URL means stay escaped (as decodeURI does).
    ['a%2Fb.md%23x%3Fy', 'a%2Fb.md%23x%3Fy'],
    // Invalid UTF-8 stays as written; the valid character next to it is still decoded.
    ['%E7%BE', '%E7%BE'],
    ['%E7%BE%A4%FF.md', '群%FF.md'],
    ['%FF%E7%BE%A4', '%FF群'],
    ['100%', '100%'],
    // A message must not be able to move the cursor or reverse the terminal line.
    ['a%0Ab%1B[2J.md', 'a%0Ab%1B[2J.md'],
    ['x%E2%80%AEgpj.md', 'x%E2%80%AEgpj.md'],
    ['tab\there', 'tab%09here'],
  ])('%s → %s', (href, shown) => {
    expect(displayHref(href)).toBe(shown);
  });
});

describe('folding', () => {
  // Given out of order, as the stages report them.
  const warnings: Warning[] = [
    w('unsafe-html', 'docs/b.md', 9, 'removed attribute class from <td>'),
    w('broken-link', 'docs/a.md', 12, 'link to a note that is not in the book: x.md'),
    w('unsafe-html', 'docs/b.md', 7, 'removed attribute style from <table>'),
    w('broken-link', 'docs/a.md', 3, 'link to a note that is not in the book: 群.md'),
    w('broken-link', 'docs/a.md', 40, 'link to a note that is not in the book: y.md'),
    w('empty-note', 'docs/10.md', 1, 'note is empty'),
    w('empty-note', 'docs/2.md', 1, 'note is empty'),
    w('unlisted-note', 'chapters/z.md', undefined, 'note is not in any chapter of book.yaml; add it or move it out of chapters/'),
  ];

  it('one line per rule and file: its first place and message, and how many more', () => {
    expect(foldWarnings(warnings)).toEqual([
      'chapters/z.md: warning: note is not in any chapter of book.yaml; add it or move it out of chapters/ [unlisted-note]',
      'docs/2.md:1: warning: note is empty [empty-note]',
      'docs/10.md:1: warning: note is empty [empty-note]',
      'docs/a.md:3: warning: link to a note that is not in the book: 群.md [broken-link] (and 2 more in this file)',
      'docs/b.md:7: warning: removed attribute style from <table> [unsafe-html] (and 1 more in this file)',
    ]);
    expect(summarizeWarnings(warnings)).toBe('warnings: 3 broken-link, 2 empty-note, 2 unsafe-html, 1 unlisted-note (--verbose lists every one)');
  });

  it('--verbose lists every warning in file and line order, and the summary does not point to it', () => {
    expect(foldWarnings(warnings, { verbose: true })).toEqual([
      'chapters/z.md: warning: note is not in any chapter of book.yaml; add it or move it out of chapters/ [unlisted-note]',
      'docs/2.md:1: warning: note is empty [empty-note]',
      'docs/10.md:1: warning: note is empty [empty-note]',
      'docs/a.md:3: warning: link to a note that is not in the book: 群.md [broken-link]',
      'docs/a.md:12: warning: link to a note that is not in the book: x.md [broken-link]',
      'docs/a.md:40: warning: link to a note that is not in the book: y.md [broken-link]',
      'docs/b.md:7: warning: removed attribute style from <table> [unsafe-html]',
      'docs/b.md:9: warning: removed attribute class from <td> [unsafe-html]',
    ]);
    expect(summarizeWarnings(warnings, { verbose: true })).toBe('warnings: 3 broken-link, 2 empty-note, 2 unsafe-html, 1 unlisted-note');
  });

  it('nothing folded: no pointer to --verbose; no warnings: no summary', () => {
    expect(summarizeWarnings([w('empty-note', 'a.md', 1, 'note is empty')])).toBe('warnings: 1 empty-note');
    expect(summarizeWarnings([])).toBeUndefined();
    // The preview has no --verbose: its summary does not point to one.
    expect(summarizeWarnings(warnings, { noVerboseOption: true })).toBe('warnings: 3 broken-link, 2 empty-note, 2 unsafe-html, 1 unlisted-note');
    expect(foldWarnings([])).toEqual([]);
  });

  it('hundreds of different messages of one rule in one file are one line', () => {
    const many = Array.from({ length: 500 }, (_, i) => w('unsafe-html', 'zh/14.3.md', 66 + i, `removed attribute class${i} from <td>`));
    expect(foldWarnings(many)).toEqual(['zh/14.3.md:66: warning: removed attribute class0 from <td> [unsafe-html] (and 499 more in this file)']);
    expect(summarizeWarnings(many)).toBe('warnings: 500 unsafe-html (--verbose lists every one)');
  });

  it('past the cap every rule keeps a line, and the rest is counted per rule', () => {
    // 300 files with a broken link each and 3 with an empty note: 303 groups for 6 lines.
    const many = [
      ...Array.from({ length: 300 }, (_, i) => w('broken-link', `notes/${String(i).padStart(3, '0')}.md`, 5, `link to a note that is not in the book: n${i}.md`)),
      ...Array.from({ length: 3 }, (_, i) => w('empty-note', `notes/${String(290 + i)}.md`, 1, 'note is empty')),
      w('broken-link', 'notes/001.md', 9, 'link to a note that is not in the book: again.md'),
    ];
    const lines = foldWarnings(many, { maxGroups: 6 });
    expect(lines).toEqual([
      'notes/000.md:5: warning: link to a note that is not in the book: n0.md [broken-link]',
      'notes/001.md:5: warning: link to a note that is not in the book: n1.md [broken-link] (and 1 more in this file)',
      'notes/002.md:5: warning: link to a note that is not in the book: n2.md [broken-link]',
      'notes/290.md:1: warning: note is empty [empty-note]',
      'notes/291.md:1: warning: note is empty [empty-note]',
      'notes/292.md:1: warning: note is empty [empty-note]',
      'warning: 297 more broken-link warnings in 297 other files',
    ]);
    // The default cap keeps a whole build near a screenful.
    expect(foldWarnings(many).length).toBeLessThanOrEqual(32);
    expect(summarizeWarnings(many)).toBe('warnings: 301 broken-link, 3 empty-note (--verbose lists every one)');
  });

  it('a report prints folded lines and the summary once, and nothing without warnings', () => {
    let out = '';
    const report = new WarningReport({ write: (t) => (out += t) });
    report.print();
    expect(out).toBe('');
    for (const x of warnings.slice(0, 3)) report.add(x);
    report.print();
    report.print();
    expect(out).toBe(
      [
        'docs/a.md:12: warning: link to a note that is not in the book: x.md [broken-link]',
        'docs/b.md:7: warning: removed attribute style from <table> [unsafe-html] (and 1 more in this file)',
        'warnings: 2 unsafe-html, 1 broken-link (--verbose lists every one)',
        '',
      ].join('\n'),
    );
  });
});

describe('fatal errors: one family, one exit code per kind', () => {
  it('each kind has its own code', () => {
    expect(EXIT_CODES).toEqual({ content: 1, usage: 2, tool: 3, internal: 70, interrupted: 130 });
    expect(new Set(Object.values(EXIT_CODES)).size).toBe(Object.keys(EXIT_CODES).length);
  });

  it('an InkstoneError is its message alone, with the code of its kind', () => {
    expect(describeFailure(new InkstoneError('bad note', { position: { file: 'a.md', line: 3 }, hint: 'fix it' }))).toEqual({ text: 'inkstone: error: a.md:3: bad note\n  fix it', code: 1 });
    expect(describeFailure(new UsageError('unknown option'))).toEqual({ text: 'inkstone: error: unknown option', code: 2 });
    expect(describeFailure(new ToolError('no browser'))).toEqual({ text: 'inkstone: error: no browser', code: 3 });
    expect(describeFailure(new InkstoneError('numbers did not settle', { kind: 'internal' }))).toEqual({ text: 'inkstone: internal error (please report): numbers did not settle', code: 70 });
  });

  it('anything else is a bug: internal error with the stack, exit 70', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const { text, code } = describeFailure(bug);
    expect(code).toBe(70);
    expect(text.startsWith("inkstone: internal error (please report): TypeError: Cannot read properties of undefined (reading 'x')\n    at ")).toBe(true);
    expect(describeFailure('a string')).toEqual({ text: 'inkstone: internal error (please report): a string', code: 70 });
  });
});
