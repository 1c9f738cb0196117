import { parseFeedDate } from './dates';

const iso = (raw: string) => parseFeedDate(raw).date?.toISOString() ?? null;

describe('parseFeedDate', () => {
  it.each([
    ['Sun, 28 Oct 2018 12:48:00 +0100', '2018-10-28T11:48:00.000Z'],
    ['Sun, 28 Oct 2018 12:48:00 GMT', '2018-10-28T12:48:00.000Z'],
    ['28 Oct 2018 12:48 EST', '2018-10-28T17:48:00.000Z'],
    ['Sun, 28 Oct 18 12:48:00 +0000', '2018-10-28T12:48:00.000Z'],
    ['Sunday, 28 October 2018 12:48:00 +0100', '2018-10-28T11:48:00.000Z'],
    ['Sun, 28 Oct 2018 12:48:00', '2018-10-28T12:48:00.000Z'],
    ['Mon, 6 Sep 2010 09:29:00 CEST', '2010-09-06T07:29:00.000Z'],
    ['Sun,28 Oct 2018 12:48:00 +01:00', '2018-10-28T11:48:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 UT', '2003-06-10T04:00:00.000Z'],
    ['Thu, 01 Jan 2026 10:00:00 +0500 (PKT)', '2026-01-01T05:00:00.000Z'],
    ['Mi, 28 Okt 2018 12:48:00 +0100', '2018-10-28T11:48:00.000Z'],
    ['2018-10-28T12:48:00Z', '2018-10-28T12:48:00.000Z'],
    ['2018-10-28T12:48:00.123+05:30', '2018-10-28T07:18:00.123Z'],
    ['2018-10-28 12:48:00', '2018-10-28T12:48:00.000Z'],
    ['2018-10-28T12:48Z', '2018-10-28T12:48:00.000Z'],
    ['2018-10-28', '2018-10-28T00:00:00.000Z'],
    ['2018-10', '2018-10-01T00:00:00.000Z'],
    ['20181028T124800Z', '2018-10-28T12:48:00.000Z'],
    ['Sat, Dec 16 2023 02:02:33 PM', '2023-12-16T14:02:33.000Z'],
    ['October 28, 2018', '2018-10-28T00:00:00.000Z'],
  ])('reads %s', (raw, expected) => {
    expect(parseFeedDate(raw)).toEqual({ date: new Date(expected), unparseable: false });
    expect(iso(raw)).toBe(expected);
  });

  it.each(['not a date', 'Wed, 32 Oct 2018 10:00:00 GMT', '2018-13-01T00:00:00Z', '31/31/31', 'Sun, 28 Foo 2018 12:48:00 GMT', '0000-00-00 00:00:00', '9999-01-01'])(
    'says %s is unparseable, never an Invalid Date',
    (raw) => {
      expect(parseFeedDate(raw)).toEqual({ date: null, unparseable: true });
    },
  );

  it('treats a missing or blank date as no date', () => {
    expect(parseFeedDate(null)).toEqual({ date: null, unparseable: false });
    expect(parseFeedDate('   ')).toEqual({ date: null, unparseable: false });
  });
});
