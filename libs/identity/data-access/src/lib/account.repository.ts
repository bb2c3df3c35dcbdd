import { DataSource, EntityManager, Repository } from 'typeorm';
import { AccountEntity } from './account.entity';

export interface NewAccount {
  login: string;
  role: AccountEntity['role'];
  passwordHash: string;
  citizenPseudonym?: string;
  eidLevel?: number;
}

export class AccountRepository {
  private readonly repo: Repository<AccountEntity>;

  constructor(source: DataSource | EntityManager) {
    this.repo = source.getRepository(AccountEntity);
  }

  async findActiveByLogin(login: string): Promise<AccountEntity | null> {
    const account = await this.repo.findOne({ where: { login } });
    return account && !account.disabledAt ? account : null;
  }

  /** Creates the account, or sets a new password on the existing one with the same login. */
  async upsert(account: NewAccount): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .insert()
      .values({ ...account, citizenPseudonym: account.citizenPseudonym ?? null, eidLevel: account.eidLevel ?? null })
      .orUpdate(['password_hash', 'eid_level'], ['login'])
      .execute();
  }
}
