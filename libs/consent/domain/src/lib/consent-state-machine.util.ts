import type { ActorKind, ConsentAction, ConsentState } from './consent.types';

/** Allowed moves: from a state, by an action, to a state. Terminal states have none. */
const TRANSITIONS: Record<ConsentState, Partial<Record<ConsentAction, ConsentState>>> = {
  PENDING: { approve: 'ACTIVE', reject: 'REJECTED', expire: 'EXPIRED' },
  ACTIVE: { pause: 'PAUSED', revoke: 'REVOKED', expire: 'EXPIRED' },
  PAUSED: { resume: 'ACTIVE', revoke: 'REVOKED', expire: 'EXPIRED' },
  REJECTED: {},
  REVOKED: {},
  EXPIRED: {},
};

/** Who may take each action: the citizen decides; the organisation only asks; time expires. */
const ACTORS: Record<ConsentAction, ActorKind> = {
  request: 'organisation',
  approve: 'citizen',
  reject: 'citizen',
  pause: 'citizen',
  resume: 'citizen',
  revoke: 'citizen',
  expire: 'system',
};

export type TransitionCheck =
  | { ok: true; toState: ConsentState }
  | { ok: false; code: 'INVALID_TRANSITION' | 'ACTOR_NOT_ALLOWED'; message: string };

export function checkTransition(from: ConsentState, action: ConsentAction, actor: ActorKind): TransitionCheck {
  if (ACTORS[action] !== actor) {
    return { ok: false, code: 'ACTOR_NOT_ALLOWED', message: `Only the ${ACTORS[action]} may ${action} a consent` };
  }
  const to = TRANSITIONS[from][action];
  if (!to) {
    return { ok: false, code: 'INVALID_TRANSITION', message: `A consent that is ${from} cannot be ${pastTense(action)}` };
  }
  return { ok: true, toState: to };
}

export function isTerminal(state: ConsentState): boolean {
  return Object.keys(TRANSITIONS[state]).length === 0;
}

/** Actions a given actor can take from a state (e.g. to show the right buttons). */
export function availableActions(state: ConsentState, actor: ActorKind): ConsentAction[] {
  return (Object.keys(TRANSITIONS[state]) as ConsentAction[]).filter((a) => ACTORS[a] === actor);
}

function pastTense(action: ConsentAction): string {
  const words: Record<ConsentAction, string> = {
    request: 'requested',
    approve: 'approved',
    reject: 'rejected',
    pause: 'paused',
    resume: 'resumed',
    revoke: 'revoked',
    expire: 'expired',
  };
  return words[action];
}
