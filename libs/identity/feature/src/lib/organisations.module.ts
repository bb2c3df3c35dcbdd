import { Module } from '@nestjs/common';
import { OrganisationController } from './organisation.controller';

/** `GET /v1/organisations/me` for services that organisations call with their API key. */
@Module({ controllers: [OrganisationController] })
export class OrganisationsModule {}
