/**
 * The glossary as an HTML tree, shared by the renderers: letter groups, then a definition list
 * (`epub:type="glossary"`, dfn for each term). Where a term is used is format-specific (links in
 * the EPUB, page numbers in the PDF), so the caller supplies it.
 */
import type { ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { LABELS } from '../labels.ts';
import type { Glossary, GlossaryEntry } from '../model.ts';

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
        entries.flatMap((e) => [
          h('dt', { id: e.id }, [h('dfn', { 'epub:type': 'glossterm' }, e.term), e.english ? h('span', { className: ['glossary-english'] }, ` ${e.english}`) : null, e.aliases.length ? h('span', { className: ['glossary-aliases'] }, LABELS.aliases(e.aliases.join('、'))) : null]),
          h('dd', { 'epub:type': 'glossdef' }, [
            ...(e.definition.children as ElementContent[]),
            e.see.length
              ? h('p', { className: ['glossary-see'] }, [LABELS.see, ...e.see.flatMap((s, i) => [i ? '、' : '', h('a', { href: `#${s.id}` }, s.term)])])
              : null,
            e.uses.length ? h('p', { className: ['glossary-uses'] }, usedAt(e)) : null,
          ]),
        ]),
      ),
    );
  }
  return { type: 'root', children };
}
