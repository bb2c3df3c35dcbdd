import fc from 'fast-check';
import { CONSENT_ACTIONS, CONSENT_STATES, ConsentAction, ConsentState } from './consent.types';
import { availableActions, checkTransition, isTerminal } from './consent-state-machine.util';

describe('consent state machine', () => {
  it.each([
    ['PENDING', 'approve', 'ACTIVE'],
    ['PENDING', 'reject', 'REJECTED'],
    ['PENDING', 'expire', 'EXPIRED'],
    ['ACTIVE', 'pause', 'PAUSED'],
    ['ACTIVE', 'revoke', 'REVOKED'],
    ['PAUSED', 'resume', 'ACTIVE'],
    ['PAUSED', 'revoke', 'REVOKED'],
    ['ACTIVE', 'expire', 'EXPIRED'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    const actor = action === 'expire' ? 'system' : 'citizen';
    expect(checkTransition(from, action, actor)).toEqual({ ok: true, toState: to });
  });

  it('refuses moves out of terminal states', () => {
    for (const state of ['REJECTED', 'REVOKED', 'EXPIRED'] as const) {
      expect(isTerminal(state)).toBe(true);
      for (const action of CONSENT_ACTIONS) {
        expect(checkTransition(state, action, action === 'expire' ? 'system' : 'citizen').ok).toBe(false);
      }
    }
  });

  it('lets only the citizen decide and only the system expire', () => {
    expect(checkTransition('PENDING', 'approve', 'organisation')).toMatchObject({ ok: false, code: 'ACTOR_NOT_ALLOWED' });
    expect(checkTransition('ACTIVE', 'revoke', 'system')).toMatchObject({ ok: false, code: 'ACTOR_NOT_ALLOWED' });
    expect(checkTransition('ACTIVE', 'expire', 'citizen')).toMatchObject({ ok: false, code: 'ACTOR_NOT_ALLOWED' });
  });

  it('explains a refused move in plain words', () => {
    expect(checkTransition('REVOKED', 'resume', 'citizen')).toEqual({
      ok: false,
      code: 'INVALID_TRANSITION',
      message: 'A consent that is REVOKED cannot be resumed',
    });
  });

  it('offers the citizen the actions of each state', () => {
    expect(availableActions('PENDING', 'citizen').sort()).toEqual(['approve', 'reject']);
    expect(availableActions('ACTIVE', 'citizen').sort()).toEqual(['pause', 'revoke']);
    expect(availableActions('REVOKED', 'citizen')).toEqual([]);
  });

  it('never leaves a terminal state and only reaches ACTIVE through approve or resume (property)', () => {
    const step = fc.record({ action: fc.constantFrom(...CONSENT_ACTIONS), actor: fc.constantFrom('citizen', 'organisation', 'system' as const) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let state: ConsentState = 'PENDING';
        const history: { action: ConsentAction; to: ConsentState }[] = [];
        for (const s of steps) {
          const result = checkTransition(state, s.action, s.actor);
          if (isTerminal(state)) expect(result.ok).toBe(false);
          if (result.ok) {
            if (result.toState === 'ACTIVE') expect(['approve', 'resume']).toContain(s.action);
            history.push({ action: s.action, to: result.toState });
            state = result.toState;
          }
        }
        // Replaying the recorded history from PENDING explains the final state.
        const replayed = history.reduce<ConsentState>((st, h) => {
          const r = checkTransition(st, h.action, h.action === 'expire' ? 'system' : 'citizen');
          if (!r.ok) throw new Error('history cannot be replayed');
          return r.toState;
        }, 'PENDING');
        expect(replayed).toBe(state);
        expect(CONSENT_STATES).toContain(state);
      }),
    );
  });
});
