/**
 * The OpenType layout features a font file offers (the tags of its GSUB and GPOS FeatureLists).
 * Chinese punctuation compression (`text-spacing-trim`) needs the fonts' `halt` (half-width
 * forms) or `chws` (contextual half-width spacing) features: this is how the tests check that
 * subsetting keeps them. TrueType/OpenType (sfnt) files only.
 */

/** Feature tags (`halt`, `chws`, `kern` …) of the font's GSUB and GPOS tables, deduplicated. */
export function layoutFeatureTags(font: Uint8Array): Set<string> {
  const data = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
  const tags = new Set<string>();
  const numTables = data.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    const table = data.toString('latin1', record, record + 4);
    if (table !== 'GSUB' && table !== 'GPOS') continue;
    const offset = data.readUInt32BE(record + 8);
    // Header: majorVersion, minorVersion, ScriptList, FeatureList (16-bit offsets).
    const featureList = offset + data.readUInt16BE(offset + 6);
    const count = data.readUInt16BE(featureList);
    for (let f = 0; f < count; f++) tags.add(data.toString('latin1', featureList + 2 + f * 6, featureList + 6 + f * 6));
  }
  return tags;
}
