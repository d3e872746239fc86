/**
 * The words the mock "generates". Each is sent with a leading space and is
 * exactly one token under the default tokenizer (o200k_base; cl100k_base
 * too), and a run of them splits back into the same tokens, so a client that
 * re-tokenises the streamed text gets exactly the `usage` count. Another
 * tokenizer keeps only the words that are single tokens for it.
 */
import type { Tokenizer } from '../tokenizers/index.js';

const WORDS = [
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an they',
  'you were her she there one all we their has been if more when will would who so no time people can what about',
  'out other into only its new some could these two may then do first any like now my such our over man even',
  'most made after also did many before must through back years where much your way well down should because',
  'each just those how too little state good very make world still own see men work long get here between both',
  'life being under never day same another know while last might us great old year off come since against go',
  'came right used take three states himself few house use during without again place around however home small',
  'found thought went say part once general high upon school every does got united left number course war until',
  'always away something fact though water less public put think almost hand enough far took head yet government',
  'system better set told nothing night end why called didn find look going asked later knew point next program',
  'city business give group toward young days let room president side social given present several order',
  'national possible rather second face per among form important often things looked early white case john',
  'become large big need four within felt along children saw best church ever least power development light',
  'thing seemed family interest want members mind country area others done turned although open god service',
  'certain kind problem began different door thus help sense means whole matter perhaps itself york times law',
  'human line above name example action company hands local show whether five history gave today either act feet',
  'across taken past quite anything seen having death week experience body word half really field am car words',
  'already themselves information tell together college shall money period held keep sure free real probably',
  'seems behind cannot miss political air question making office brought whose special major heard federal',
  'became study ago moment known result street economic boy position reason change south board individual job',
  'society areas west close turn love community true court force full seem wife future age voice center woman',
  'control common necessary policy front sometimes six girl clear further land run students provide feel party',
  'able mother music education university child effect level stood military short town total outside rate',
  'physical private',
]
  .join(' ')
  .split(' ');

/** One-token pieces (" the", " quick", ...) and a check of the whole set. */
export interface Vocabulary {
  /** Token strings, each with its leading space. */
  readonly tokens: readonly string[];
  /** True when a concatenation of tokens re-tokenises to exactly one token each. */
  readonly exact: boolean;
}

export function buildVocabulary(tokenizer: Tokenizer): Vocabulary {
  const tokens = [...new Set(WORDS)].map((w) => ` ${w}`).filter((t) => tokenizer.count(t) === 1);
  if (tokens.length < 16) {
    // A tokenizer without word-level pieces (byte-level, CJK-only...): fall back to
    // the words anyway; counts are then taken from the tokenizer, not assumed.
    return { tokens: [...new Set(WORDS)].map((w) => ` ${w}`), exact: false };
  }
  // Merges across word boundaries would break the one-token-per-piece rule; probe
  // the whole set joined, in order and reversed.
  const exact = tokenizer.count(tokens.join('')) === tokens.length && tokenizer.count([...tokens].reverse().join('')) === tokens.length;
  return { tokens, exact };
}
