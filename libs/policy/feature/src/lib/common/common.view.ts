import { ApiProperty } from '@nestjs/swagger';

export class OrganisationRefView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Demo Bank', description: '"Unknown organisation" when the identity directory has no such id' }) name: string;
}

export class RecordedByView {
  @ApiProperty({ description: 'Account id from the access token' }) accountId: string;
  @ApiProperty({ enum: ['regulator', 'operator'] }) role: string;
}
