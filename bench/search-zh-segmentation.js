/*
 * How newsdesk's Chinese search (character bigrams in PostgreSQL, see the SearchVectors migration) compares
 * with word segmentation by jieba on the same sentences and queries: recall and false hits against plain
 * substring truth. Not part of the test suite.
 *
 *   npm run migrate            # a migrated database at DATABASE_URL
 *   npm install --no-save @node-rs/jieba@2.0.3 && node bench/search-zh-segmentation.js
 */
const { Client } = require('pg');
const { Jieba } = require('@node-rs/jieba');
const { dict } = require('@node-rs/jieba/dict');

const docs = [
  '纪念罗莎·卢森堡和卡尔·李卜克内西遇害一百周年，柏林举行纪念活动',
  '巴基斯坦进步青年联盟在拉合尔召开全国代表大会，要求免费教育和恢复学生会',
  '第二届法语马克思主义学校在日内瓦举行，七十多名活动家参加',
  '在墨西哥城托洛茨基故居博物馆举行关于英国革命的讲座',
  '纽约东北地区马克思主义学校有近九十人报名',
  '瑞典全国学校在哥德堡举行，超过九十名参与者',
  '工人阶级的斗争在全世界蔓延，学生运动高涨',
  '中华人民共和国成立七十周年',
];
const queries = [
  '森堡', '李卜克内西', '卜克', '一百周年', '周年', '拉合尔', '日内瓦', '故居', '博物馆', '报名', '参与者', '阶级', '蔓延', '共和国',
  '和国', '进步青年', '柏林', '七十', '英国革命', '活动家', '卢森堡', '罗莎', '学生会', '学生', '马克思主义', '马克思', '哥德堡',
  '青年', '革命', '托洛茨基', '九十', '全国代表大会', '代表', '人民', '恢复学生会', '免费教育', '森遇', '周',
];

async function main() {
  const started = Date.now();
  const jieba = Jieba.withDict(dict);
  const loadMs = Date.now() - started;
  const han = /[\u3400-\u9fff\uf900-\ufaff]/;
  const jiebaMatch = (doc, q) => {
    const words = new Set(jieba.cutForSearch(doc, true));
    return jieba.cut(q, true).filter((w) => han.test(w)).every((w) => words.has(w));
  };
  const db = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/newsdesk' });
  await db.connect();
  const score = { truth: 0, jieba: 0, bigram: 0, jiebaFalse: 0, bigramFalse: 0 };
  const misses = [];
  for (const q of queries) {
    for (const doc of docs) {
      const truth = doc.includes(q);
      const { rows } = await db.query(`SELECT search_vector_of('zh', $1, NULL, NULL) @@ search_query_for('zh', $2) AS hit`, [doc, q]);
      const bigram = rows[0].hit;
      const word = jiebaMatch(doc, q);
      if (truth) {
        score.truth++;
        if (bigram) score.bigram++;
        if (word) score.jieba++;
        if (!word) misses.push(`jieba misses ${q} in ${doc}`);
        if (!bigram) misses.push(`bigrams miss ${q} in ${doc}`);
      } else {
        if (bigram) score.bigramFalse++;
        if (word) score.jiebaFalse++;
      }
    }
  }
  await db.end();
  console.log(misses.join('\n'));
  console.log({
    pairs: docs.length * queries.length,
    substringMatches: score.truth,
    jiebaRecall: +(score.jieba / score.truth).toFixed(3),
    bigramRecall: +(score.bigram / score.truth).toFixed(3),
    jiebaFalseHits: score.jiebaFalse,
    bigramFalseHits: score.bigramFalse,
    jiebaDictionaryLoadMs: loadMs,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
