/**
 * The glossary as an HTML tree, shared by the renderers: letter groups, then a definition list
 * (`epub:type="glossary"`, dfn for each term). Where a term is used is format-specific (links in
 * the EPUB, page numbers in the PDF), so the caller supplies it.
 */
import type { ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { LABELS } from '../labels.ts';
import type { Glossary, GlossaryEntry } from '../model.ts';

/**
 * What a term's line shows besides the term: its English name unless that is the term itself
 * (`Token Token`), and the aliases that say something new, not the term or the English name
 * in other capitals (`Generator（又作 Generator）`). All of them still match in the text.
 */
function shownNames(e: GlossaryEntry): { english?: string; aliases: string[] } {
  const key = (s: string) => s.trim().toLowerCase();
  const seen = new Set([key(e.term)]);
  const english = e.english && !seen.has(key(e.english)) ? e.english : undefined;
  if (e.english) seen.add(key(e.english));
  const aliases = e.aliases.filter((a) => {
    if (seen.has(key(a))) return false;
    seen.add(key(a));
    return true;
  });
  return { ...(english ? { english } : {}), aliases };
}

export function glossaryTree(glossary: Glossary, usedAt: (entry: GlossaryEntry) => Array<ElementContent | string>): HastRoot {
  const groups = new Map<string, GlossaryEntry[]>();
  for (const e of glossary.entries) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);
  const children: ElementContent[] = [];
  for (const [group, entries] of groups) {
    children.push(h('h2', { id: `glossary-${group === '#' ? 'symbols' : group.toLowerCase()}`, className: ['glossary-letter'] }, group));
    children.push(
      h(
        'dl',
        { className: ['glossary-list'] },
        entries.flatMap((e) => {
          const { english, aliases } = shownNames(e);
          return [
            h('dt', { id: e.id }, [h('dfn', { 'epub:type': 'glossterm' }, e.term), english ? h('span', { className: ['glossary-english'] }, ` ${english}`) : null, aliases.length ? h('span', { className: ['glossary-aliases'] }, LABELS.aliases(aliases.join('、'))) : null]),
            h('dd', { 'epub:type': 'glossdef' }, [
              ...(e.definition.children as ElementContent[]),
              e.see.length
                ? h('p', { className: ['glossary-see'] }, [LABELS.see, ...e.see.flatMap((s, i) => [i ? '、' : '', h('a', { href: `#${s.id}` }, s.term)])])
                : null,
              e.uses.length ? h('p', { className: ['glossary-uses'] }, usedAt(e)) : null,
            ]),
          ];
        }),
      ),
    );
  }
  return { type: 'root', children };
}
