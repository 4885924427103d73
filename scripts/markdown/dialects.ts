/**
 * The Markdown of documentation and note-taking tools beyond GFM, as one list of remark plugins
 * for the parser (pipeline.ts): what the container features of book.yaml `markdown:` switch on.
 * (Obsidian syntax and math are micromark extensions wired in pipeline.ts.)
 *
 * - `templateTags`: static-site template tags (template-tags.ts) and docs-site components
 *   (site-components.ts) removed, first, so that nothing else reads them;
 * - `callouts`: GitHub alerts and Obsidian callouts, MkDocs admonitions, VitePress and
 *   Docusaurus `:::` containers, GitBook hints (containers/);
 * - `tabs`: MkDocs content tabs, VitePress code groups, GitBook tabs (containers/).
 *
 * Docusaurus `<Tabs>` and `<Admonition>` are raw HTML, read after rehype-raw
 * (docusaurus-components.ts, which reads the same switches from the note's options).
 * A feature that is off leaves its syntax to be read as plain Markdown, as before it existed.
 */
import type { PluggableList } from 'unified';
import type { MarkdownSyntax } from '../model.ts';
import remarkBlockquoteCallouts from './containers/blockquote-callouts.ts';
import remarkColonContainers from './containers/colon-containers.ts';
import remarkGitbookBlocks from './containers/gitbook-blocks.ts';
import remarkMkdocsAdmonitions from './containers/mkdocs-admonitions.ts';
import remarkMkdocsTabs from './containers/mkdocs-tabs.ts';
import remarkSiteComponents from './site-components.ts';
import remarkTemplateTags from './template-tags.ts';

export type { MarkdownSyntax } from '../model.ts';

/** Every feature on: what a note gets unless book.yaml's `markdown:` says otherwise. */
export const DEFAULT_SYNTAX: MarkdownSyntax = { wikilinks: true, includes: true, highlight: true, comments: true, math: true, callouts: true, tabs: true, templateTags: true, diagrams: true };

/** Nothing beyond GFM: the note as other tools read it (init, glossary suggestions). */
export const NO_SYNTAX: MarkdownSyntax = { wikilinks: false, includes: false, highlight: false, comments: false, math: false, callouts: false, tabs: false, templateTags: false, diagrams: false };

/** The remark plugins for these features, in the order their transforms must run. */
export function dialectPlugins(syntax: MarkdownSyntax): PluggableList {
  const plugins: PluggableList = [];
  if (syntax.templateTags) {
    // Components that docusaurus-components.ts turns into tabs and callouts stay for it.
    const keep = [...(syntax.tabs ? ['Tabs', 'TabItem'] : []), ...(syntax.callouts ? ['Admonition'] : [])];
    plugins.push(remarkTemplateTags, [remarkSiteComponents, { keep }]);
  }
  if (syntax.callouts || syntax.tabs) {
    const options = { callouts: syntax.callouts, tabs: syntax.tabs };
    plugins.push([remarkColonContainers, options], [remarkGitbookBlocks, options]);
  }
  if (syntax.callouts) plugins.push(remarkMkdocsAdmonitions, remarkBlockquoteCallouts);
  if (syntax.tabs) plugins.push(remarkMkdocsTabs);
  return plugins;
}
