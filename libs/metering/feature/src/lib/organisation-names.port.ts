import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Organisation names for statements. Metering may not read the identity schema itself; the
 * hosting service binds this port to identity's OrganisationDirectory, whose `name(id, source)`
 * has this very shape (see the README).
 */
export abstract class OrganisationNamesPort {
  abstract name(id: string, source?: DataSource | EntityManager): Promise<string>;
}

/** Default until a directory is bound: statements name the organisation by its id. */
@Injectable()
export class OrganisationIdAsName extends OrganisationNamesPort {
  async name(id: string): Promise<string> {
    return `Organisation ${id}`;
  }
}
