import { lshBands, minhash, SAME_STORY_SIMILARITY, shingles, similarity, tokens } from './near-duplicate';

const story =
  'The US embassy in Beijing posted on Weibo about a Marxist student association in Madison, Wisconsin, that it said was linked to the International Marxist Tendency. The post drew thousands of comments within hours, many of them asking what the association had actually done on campus.';

describe('near-duplicate stories', () => {
  it('finds the same story republished with another headline and outlet footer', () => {
    const republished = `Embassy post draws comments. ${story} Read more at Example News.`;
    const sim = similarity(minhash(story), minhash(republished));
    expect(sim).toBeGreaterThanOrEqual(SAME_STORY_SIMILARITY);
    const shared = lshBands(minhash(story)).filter((b) => lshBands(minhash(republished)).includes(b));
    expect(shared.length).toBeGreaterThan(0);
  });

  it('tells different stories apart', () => {
    const other =
      'Teachers across the region went on strike to demand better pay and smaller classes, and the union said the strike would go on until the government opened talks about the new budget.';
    expect(similarity(minhash(story), minhash(other))).toBeLessThan(0.2);
  });

  it('works on Chinese, character by character, across traditional and simplified forms', () => {
    const simplified = '美国驻华大使馆在微博上发文，称威斯康星大学麦迪逊分校的一个马克思主义学生组织与国际马克思主义倾向有关。';
    const traditional = '美國駐華大使館在微博上發文，稱威斯康星大學麥迪遜分校的一個馬克思主義學生組織與國際馬克思主義傾向有關。轉載自某網站';
    expect(similarity(minhash(simplified), minhash(traditional))).toBeGreaterThanOrEqual(SAME_STORY_SIMILARITY);
    expect(tokens('IMT成员')).toEqual(['imt', '成', '员']);
  });

  it('signatures are stable, signed 32-bit and bands are tagged by band number', () => {
    const a = minhash(story);
    expect(a).toEqual(minhash(story));
    expect(a.every((v) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31)).toBe(true);
    const bands = lshBands(a);
    expect(bands).toHaveLength(16);
    bands.forEach((b, i) => expect(Math.floor(b / 0x4000000)).toBe(i));
    expect(shingles('one two')).toEqual(new Set(['one two']));
  });
});
