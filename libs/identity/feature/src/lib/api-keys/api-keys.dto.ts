import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { API_KEY_SCOPES, ApiKeyScope, ORGANISATION_KINDS, OrganisationKind } from '@consentry/identity-data-access';

/** Printable text without control characters (labels and names show in lists and logs). */
const PRINTABLE = /^[^\p{Cc}]+$/u;

/** A rotated key may keep working for at most a week. */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 86_400;

export class IssueApiKeyDto {
  @ApiProperty({ example: 'core banking, production', description: 'What the key is for; shown in key lists (1-100 characters)' })
  @IsString() @Length(1, 100) @Matches(PRINTABLE, { message: 'must not contain control characters' })
  label: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, example: ['verify'], description: 'One or more distinct scopes' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(API_KEY_SCOPES.length) @ArrayUnique() @IsIn(API_KEY_SCOPES, { each: true })
  scopes: ApiKeyScope[];
}

export class RotateApiKeyDto {
  @ApiPropertyOptional({
    example: 3600,
    default: 0,
    description: `How long the old key keeps working, in seconds (0 to ${MAX_ROTATION_GRACE_SECONDS}); 0 revokes it at once`,
  })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ROTATION_GRACE_SECONDS)
  oldKeyExpiresInSeconds?: number;
}

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Ngân hàng TMCP Ví Dụ', description: 'Unique (1-200 characters)' })
  @IsString() @Length(1, 200) @Matches(PRINTABLE, { message: 'must not contain control characters' })
  name: string;

  @ApiProperty({ enum: ORGANISATION_KINDS, description: 'Decides fee exemptions under the fee regulation' })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;
}

export class ApiKeyView {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ example: 'csk_1a2b3c4d5e6f', description: 'Visible prefix; the key itself is never shown again' }) prefix: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes: string[];
  @ApiProperty({ enum: ['live', 'expiring', 'expired', 'revoked'], description: 'expiring: rotated, works until expiresAt' }) status: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'operator:<account id>, key:<key id>, seed (the demo dataset), or null (issued before key management)' }) createdBy: string | null;
  @ApiProperty({ nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The key that replaced it by rotation' }) replacedBy: string | null;
}

export class IssuedApiKeyView extends ApiKeyView {
  @ApiProperty({ example: 'csk_1a2b3c4d5e6f_…', description: 'The whole key: shown in this answer only, stored only as a hash' }) key: string;
}

export class RotatedApiKeyView {
  @ApiProperty({ type: IssuedApiKeyView }) key: IssuedApiKeyView;
  @ApiProperty({ type: ApiKeyView, description: 'The old key: revoked, or expiring after the grace period' }) replaced: ApiKeyView;
}

export class ApiKeyListView {
  @ApiProperty({ type: [ApiKeyView] }) items: ApiKeyView[];
}

export class OrganisationView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: string;
  @ApiProperty() createdAt: string;
}
