import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  Consent,
  ConsentAction,
  ConsentTermsInput,
  ConsentTransition,
  buildReceipt,
  checkTransition,
  validateConsentTerms,
  validateGrantedFields,
} from '@consentry/consent-domain';
import { ConsentHead, ConsentRepository, PurposeRepository, StoredTransition, WebhookRepository } from '@consentry/consent-data-access';
import { OrganisationDirectory } from '@consentry/identity-feature';
import { idNumberCurrentYear, validateIdNumber } from '@consentry/population-domain';
import { pseudonymFor } from '@consentry/shared-auth';
import { ProblemException, ValidationProblem } from '@consentry/shared-http';
import { CLOCK, CONSENT_SETTINGS, Clock, ConsentSettings } from './consent.tokens';
import { ReceiptSigner } from './receipt-signer.service';
import { WebhookDispatcher } from './webhook-dispatcher.service';

export const consentNotFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'consent-not-found', 'Consent not found', 'No such consent for you');

/** Who is acting on a consent, as authenticated. */
export type ConsentActor =
  | { kind: 'citizen'; pseudonym: string; eidLevel: number }
  | { kind: 'organisation'; organisationId: string }
  | { kind: 'system' };

/**
 * Every change of a consent: checked against the state machine, written as a new transition
 * with its signed receipt in one transaction (the consent row locked meanwhile), then
 * announced to the organisation's webhook.
 */
@Injectable()
export class ConsentLifecycle {
  private readonly logger = new Logger('ConsentLifecycle');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONSENT_SETTINGS) private readonly settings: ConsentSettings,
    private readonly signer: ReceiptSigner,
    private readonly organisations: OrganisationDirectory,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  async request(organisationId: string, citizenId: string, input: ConsentTermsInput): Promise<{ head: ConsentHead; transition: StoredTransition }> {
    const now = this.clock.now();
    const id = validateIdNumber(citizenId, { currentYear: idNumberCurrentYear(now) });
    const purposes = await new PurposeRepository(this.dataSource).list();
    const { terms, errors } = validateConsentTerms(input, { now, knownPurposes: new Set(purposes.map((p) => p.code)) });
    const idErrors = id.valid ? [] : id.errors.map((e) => ({ field: 'citizenId', message: e.message }));
    if (!terms || idErrors.length) throw new ValidationProblem([...idErrors, ...errors]);

    const consent: Consent = {
      id: randomUUID(),
      citizenPseudonym: pseudonymFor(this.settings.pseudonymKey, citizenId),
      organisationId,
      terms,
      createdAt: now.toISOString(),
    };
    const transition: ConsentTransition = {
      consentId: consent.id,
      sequence: 1,
      action: 'request',
      fromState: null,
      toState: 'PENDING',
      grantedFields: [],
      actor: { kind: 'organisation', id: organisationId },
      reason: null,
      at: now.toISOString(),
    };
    const result = await this.dataSource.transaction(async (manager) => {
      const repo = new ConsentRepository(manager);
      await repo.insertConsent(consent);
      const stored = await this.append(manager, consent, transition);
      return { head: (await repo.findHead(consent.id))!, ...stored };
    });
    await this.webhooks.dispatch(result.deliveryId);
    return { head: result.head, transition: result.transition };
  }

  /** A citizen's decision, or the system's expiry, on one consent. */
  async act(
    consentId: string,
    action: Exclude<ConsentAction, 'request'>,
    actor: ConsentActor,
    options: { fields?: string[]; reason?: string } = {},
  ): Promise<{ head: ConsentHead; transition: StoredTransition }> {
    const result = await this.dataSource.transaction(async (manager) => {
      const repo = new ConsentRepository(manager);
      const head = await repo.lockHead(consentId);
      if (!head || (actor.kind === 'citizen' && head.citizenPseudonym !== actor.pseudonym)) throw consentNotFound();
      if (actor.kind === 'organisation') throw consentNotFound();
      const check = checkTransition(head.state, action, actor.kind);
      if (!check.ok) throw new ProblemException(HttpStatus.CONFLICT, 'invalid-transition', 'Not possible in this state', check.message, { state: head.state });
      if (actor.kind === 'citizen' && (action === 'approve' || action === 'resume') && actor.eidLevel < 2) {
        throw new ProblemException(HttpStatus.FORBIDDEN, 'eid-level-too-low', 'Verified e-ID required',
          'Granting consent needs a level 2 (verified) e-ID account; withdrawing does not');
      }
      let grantedFields = head.grantedFields;
      if (action === 'approve') {
        const granted = validateGrantedFields(head.terms.fields, options.fields);
        if (!granted.fields) throw new ValidationProblem(granted.errors);
        grantedFields = granted.fields;
      }
      const transition: ConsentTransition = {
        consentId,
        sequence: head.sequence + 1,
        action,
        fromState: head.state,
        toState: check.toState,
        grantedFields,
        actor: this.actorOf(actor),
        reason: options.reason ?? null,
        at: this.clock.now().toISOString(),
      };
      const stored = await this.append(manager, head, transition);
      return { head: (await repo.findHead(consentId))!, ...stored };
    });
    await this.webhooks.dispatch(result.deliveryId);
    return { head: result.head, transition: result.transition };
  }

  /** Expires what is due; returns how many consents expired. */
  async expireDue(limit = 500): Promise<number> {
    const due = await new ConsentRepository(this.dataSource).dueForExpiry(this.clock.now(), limit);
    let expired = 0;
    for (const id of due) {
      try {
        await this.act(id, 'expire', { kind: 'system' }, { reason: 'deadline passed' });
        expired++;
      } catch (error) {
        // Decided by the citizen in the meantime: nothing to expire.
        if (!(error instanceof ProblemException)) throw error;
      }
    }
    if (expired) this.logger.log({ msg: 'consents expired', count: expired });
    return expired;
  }

  private actorOf(actor: ConsentActor): Actor {
    if (actor.kind === 'citizen') return { kind: 'citizen', id: actor.pseudonym };
    if (actor.kind === 'organisation') return { kind: 'organisation', id: actor.organisationId };
    return { kind: 'system', id: 'consent-registry' };
  }

  private async append(manager: EntityManager, consent: Consent, transition: ConsentTransition) {
    const purpose = (await new PurposeRepository(manager).find(consent.terms.purposeCode))!;
    const receiptId = randomUUID();
    const receipt = buildReceipt({
      receiptId,
      issuer: this.settings.issuer,
      consent,
      transition,
      purpose,
      organisationName: await this.organisations.name(consent.organisationId, manager),
    });
    const stored = await new ConsentRepository(manager).appendTransition(transition, { id: receiptId, jws: this.signer.sign(receipt) });
    const deliveryId = await new WebhookRepository(manager).createDelivery(consent.organisationId, stored.id);
    return { transition: stored, deliveryId };
  }
}
