import { normaliseForMatch } from '../common/text-fold';
import { closestWithin, wordUnits, type Hit } from './proximity';

const unitsOf = (text: string) => {
  const norm = normaliseForMatch(text).text;
  return { norm, units: [...wordUnits(norm)] };
};
/** Where `word` occurs in the normalised text, as a hit. */
const at = (norm: string, word: string, from = 0): Hit => {
  const s = norm.indexOf(word, from);
  return [s, s + word.length];
};

describe('wordUnits', () => {
  it('gives every word of a spaced script one unit (fr, sv, ur)', () => {
    const { norm, units } = unitsOf("L'IMT, à Göteborg !");
    expect(norm).toBe('l imt à göteborg');
    expect(units).toEqual([0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(unitsOf('لاہور میں طلبہ').units.at(-1)).toBe(2);
  });

  it('gives every Chinese character a unit of its own, a Latin word next to them one unit', () => {
    const { units } = unitsOf('IMT成员在麦迪逊');
    expect(units).toEqual([0, 0, 0, 1, 2, 3, 4, 5, 6]);
  });

  it('counts a character outside the BMP once', () => {
    const { norm, units } = unitsOf('𠮷野家IMT');
    expect(norm.length).toBe(7);
    expect(units).toEqual([0, 0, 1, 2, 3, 3, 3]);
  });
});

describe('closestWithin', () => {
  it('finds the closest pair in either order, within the bound and not beyond', () => {
    const { norm, units } = unitsOf('madison a b imt c madison');
    const imt = [at(norm, 'imt')];
    const madison = [at(norm, 'madison'), at(norm, 'madison', 1)];
    expect(closestWithin(imt, madison, Int32Array.from(units), 1)).toEqual([imt[0], madison[1]]);
    expect(closestWithin(imt, madison, Int32Array.from(units), 0)).toBeNull();
    expect(closestWithin(madison.slice(0, 1), imt, Int32Array.from(units), 2)).toEqual([madison[0], imt[0]]);
    expect(closestWithin(madison.slice(0, 1), imt, Int32Array.from(units), 1)).toBeNull();
  });

  it('never pairs overlapping hits', () => {
    const { norm, units } = unitsOf('imt madison');
    const phrase = [at(norm, 'imt madison')];
    expect(closestWithin(phrase, [at(norm, 'madison')], Int32Array.from(units), 5)).toBeNull();
  });

  it('stays fast on a text full of hits', () => {
    const text = 'a '.repeat(50_000) + 'imt b madison';
    const norm = normaliseForMatch(text).text;
    const units = wordUnits(norm);
    const many: Hit[] = [];
    for (let i = 0; i < 100_000; i += 2) many.push([i, i + 1]);
    const started = Date.now();
    expect(closestWithin([at(norm, 'imt')], [at(norm, 'madison')], units, 1)).not.toBeNull();
    expect(closestWithin(many, [at(norm, 'madison')], units, 0)).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
