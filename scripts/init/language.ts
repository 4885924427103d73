/**
 * Guesses the book's language (a BCP 47 tag for book.yaml) from its prose, by script:
 * Chinese characters → zh-CN, or zh-TW when traditional forms outnumber simplified ones;
 * kana → ja; Hangul → ko; Cyrillic → ru; … Latin text → en, de, fr, es, pt or it by the most
 * frequent function words. A guess, and said to be one: the user checks it in book.yaml.
 */

/**
 * Aligned pairs of frequent characters written differently in the two standards (这/這, 个/個…),
 * none of which is in ordinary use in the other one (so 后, 里, 着, 干 are not here).
 */
const SIMPLIFIED = '这个们说为时会来对国学发经过还没进动现实开关问题数与从电话书长门间见机体点样网应该种东业务认识语让给车马鱼鸟纪红线组织结统总简单双历层运达远选边变闭听讲请读谁调论设计记许证试误课谈报权区医华卖压处复头宝导将岁师帮库广张强归当录态战扩换无旧显条极构树楼欢气汉测济满灯热爱环画确礼离积称稳笔类紧级约纸练终细绍绝继续维综绿编缩罗职联胜脑节药获营虽补装观规视览觉订议访评诉词译诗详谢负责败货质购费资赛转轻载较输连适递钟钱铁银链错键闻阅队阳阴际陆险随难项顺须顾预领频额风飞饭馆验齐龙码图团园围产亲仅优传价众伤侧储两严丰临举乐习买乱争亚亿仪伟写军农决况净减创删则刚剧办劳势却厅参号吗启员响圆圣场坏块坚执扫扬护担拟拥择挂挥损据';
const TRADITIONAL = '這個們說為時會來對國學發經過還沒進動現實開關問題數與從電話書長門間見機體點樣網應該種東業務認識語讓給車馬魚鳥紀紅線組織結統總簡單雙歷層運達遠選邊變閉聽講請讀誰調論設計記許證試誤課談報權區醫華賣壓處復頭寶導將歲師幫庫廣張強歸當錄態戰擴換無舊顯條極構樹樓歡氣漢測濟滿燈熱愛環畫確禮離積稱穩筆類緊級約紙練終細紹絕繼續維綜綠編縮羅職聯勝腦節藥獲營雖補裝觀規視覽覺訂議訪評訴詞譯詩詳謝負責敗貨質購費資賽轉輕載較輸連適遞鐘錢鐵銀鏈錯鍵聞閱隊陽陰際陸險隨難項順須顧預領頻額風飛飯館驗齊龍碼圖團園圍產親僅優傳價眾傷側儲兩嚴豐臨舉樂習買亂爭亞億儀偉寫軍農決況淨減創刪則剛劇辦勞勢卻廳參號嗎啟員響圓聖場壞塊堅執掃揚護擔擬擁擇掛揮損據';
const simplifiedSet = new Set(SIMPLIFIED);
const traditionalSet = new Set(TRADITIONAL);

const SCRIPTS: [string, RegExp][] = [
  ['Han', /\p{Script=Han}/u],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Latin', /\p{Script=Latin}/u],
];
const TAG_OF_SCRIPT: Record<string, string> = { Hangul: 'ko', Cyrillic: 'ru', Greek: 'el', Arabic: 'ar', Hebrew: 'he', Thai: 'th', Devanagari: 'hi' };

/** Function words frequent in one language and rare as words in the others. */
const FUNCTION_WORDS: Record<string, string[]> = {
  en: ['the', 'and', 'of', 'to', 'is', 'that', 'it', 'for', 'with', 'this'],
  de: ['der', 'die', 'und', 'das', 'ist', 'nicht', 'mit', 'ein', 'den', 'sich'],
  fr: ['le', 'les', 'et', 'est', 'des', 'une', 'dans', 'pour', 'du', 'qui'],
  es: ['el', 'los', 'las', 'por', 'una', 'es', 'del', 'y', 'como', 'para'],
  pt: ['os', 'não', 'uma', 'com', 'do', 'da', 'em', 'são', 'mais', 'ao'],
  it: ['il', 'che', 'di', 'per', 'non', 'della', 'sono', 'gli', 'è', 'anche'],
};

export interface LanguageGuess {
  tag: string;
  /** What the guess rests on, for the user. */
  reason: string;
  /** False when there was no text to go on and the tag is the default. */
  confident: boolean;
}

export function guessLanguage(prose: string): LanguageGuess {
  const counts = new Map<string, number>();
  let simplified = 0;
  let traditional = 0;
  for (const ch of prose) {
    if (simplifiedSet.has(ch)) simplified++;
    else if (traditionalSet.has(ch)) traditional++;
    for (const [name, re] of SCRIPTS) {
      if (re.test(ch)) {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        break;
      }
    }
  }
  const han = counts.get('Han') ?? 0;
  const kana = counts.get('Kana') ?? 0;
  // A Latin letter is about a third of a syllable; a CJK character is one.
  const weight = (name: string) => (counts.get(name) ?? 0) / (name === 'Latin' ? 3 : 1);
  const ranked = [...counts.keys()].filter((n) => n !== 'Kana').sort((a, b) => weight(b) - weight(a));
  let top = ranked[0];
  if (top !== 'Han' && han + kana > 0 && weight('Han') + kana >= weight(top ?? 'Han')) top = 'Han';
  if (top === undefined) return { tag: 'zh-CN', reason: 'nothing (no text to guess from; zh-CN by default)', confident: false };

  if (top === 'Han') {
    if (kana >= 0.1 * (han + kana)) return { tag: 'ja', reason: `the text: ${fmt(kana)} kana among ${fmt(han + kana)} Japanese characters`, confident: true };
    if (traditional > simplified) {
      return { tag: 'zh-TW', reason: `the text: ${fmt(han)} Chinese characters, traditional forms (${fmt(traditional)}) outnumber simplified ones (${fmt(simplified)})`, confident: true };
    }
    return { tag: 'zh-CN', reason: `the text: ${fmt(han)} Chinese characters, simplified forms (${fmt(simplified)} against ${fmt(traditional)} traditional)`, confident: true };
  }
  const byScript = TAG_OF_SCRIPT[top];
  if (byScript) return { tag: byScript, reason: `the text: mostly ${top} script (${fmt(counts.get(top)!)} letters)`, confident: true };

  const words = prose.toLowerCase().match(/\p{L}+/gu) ?? [];
  const hits = Object.fromEntries(Object.keys(FUNCTION_WORDS).map((l) => [l, 0])) as Record<string, number>;
  const lookup = new Map<string, string>();
  for (const [lang, list] of Object.entries(FUNCTION_WORDS)) for (const w of list) lookup.set(w, lang);
  for (const w of words) {
    const lang = lookup.get(w);
    if (lang) hits[lang]!++;
  }
  const [best, n] = Object.entries(hits).sort((a, b) => b[1] - a[1])[0]!;
  if (n === 0) return { tag: 'en', reason: `the text: Latin script (${fmt(words.length)} words), no telling function words; en by default`, confident: false };
  return { tag: best, reason: `the text: Latin script, ${fmt(n)} of its most common words`, confident: true };
}

/** `2,000`: thousands separated, as people read counts. */
function fmt(n: number): string {
  return n.toLocaleString('en');
}

/** zh-*, ja, ko… → the script family a tag stands for, to see whether a tool's setting and the text disagree. */
export function scriptFamily(tag: string): string {
  const primary = tag.toLowerCase().split('-')[0]!;
  if (primary === 'zh' || primary === 'ja' || primary === 'ko') return primary;
  if (TAG_OF_SCRIPT_VALUES.has(primary)) return primary;
  return 'latin';
}
const TAG_OF_SCRIPT_VALUES = new Set(Object.values(TAG_OF_SCRIPT));
