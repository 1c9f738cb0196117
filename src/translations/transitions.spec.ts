import { DomainError } from '../common/errors';
import { nextStatus, transition, TRANSLATION_ACTIONS, TranslationAction, TranslationState } from './transitions';

describe('translation status transitions', () => {
  const allowed: [TranslationState, TranslationAction, string][] = [
    ['NONE', 'CLAIM', 'IN_PROGRESS'],
    ['NONE', 'SAVE', 'IN_PROGRESS'],
    ['DRAFT', 'CLAIM', 'IN_PROGRESS'],
    ['DRAFT', 'SAVE', 'IN_PROGRESS'],
    ['DRAFT', 'SUBMIT', 'SUBMITTED'],
    ['IN_PROGRESS', 'CLAIM', 'IN_PROGRESS'],
    ['IN_PROGRESS', 'SAVE', 'IN_PROGRESS'],
    ['IN_PROGRESS', 'SUBMIT', 'SUBMITTED'],
    ['SUBMITTED', 'APPROVE', 'PUBLISHED'],
    ['SUBMITTED', 'REJECT', 'REJECTED'],
    ['REJECTED', 'CLAIM', 'IN_PROGRESS'],
    ['REJECTED', 'SAVE', 'IN_PROGRESS'],
    ['PUBLISHED', 'CLAIM', 'IN_PROGRESS'],
    ['PUBLISHED', 'SAVE', 'IN_PROGRESS'],
  ];

  it.each(allowed)('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
    expect(transition(from, action)).toBe(to);
  });

  const states: TranslationState[] = ['NONE', 'DRAFT', 'IN_PROGRESS', 'SUBMITTED', 'PUBLISHED', 'REJECTED'];
  const forbidden = states.flatMap((from) =>
    TRANSLATION_ACTIONS.filter((action) => !allowed.some(([f, a]) => f === from && a === action)).map(
      (action) => [from, action] as [TranslationState, TranslationAction],
    ),
  );

  it('forbids everything else (16 moves)', () => {
    expect(forbidden).toHaveLength(states.length * TRANSLATION_ACTIONS.length - allowed.length);
    expect(forbidden).toContainEqual(['NONE', 'SUBMIT']);
    expect(forbidden).toContainEqual(['IN_PROGRESS', 'APPROVE']);
    expect(forbidden).toContainEqual(['SUBMITTED', 'SAVE']);
    expect(forbidden).toContainEqual(['PUBLISHED', 'APPROVE']);
    expect(forbidden).toContainEqual(['REJECTED', 'SUBMIT']);
  });

  it.each(forbidden)('refuses %s --%s--> as BAD_USER_INPUT with a translation key', (from, action) => {
    expect(nextStatus(from, action)).toBeNull();
    let caught: unknown;
    try {
      transition(from, action);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('BAD_USER_INPUT');
    expect((caught as DomainError).key).toBe(`translations:errors.transition.${action}`);
    expect((caught as DomainError).params).toEqual({ status: from });
  });

  it('never skips review: no state reaches PUBLISHED except SUBMITTED', () => {
    for (const from of states) {
      for (const action of TRANSLATION_ACTIONS) {
        if (nextStatus(from, action) === 'PUBLISHED') expect(from).toBe('SUBMITTED');
      }
    }
  });
});
