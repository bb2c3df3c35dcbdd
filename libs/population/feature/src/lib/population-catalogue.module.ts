import { Controller, Get, Module } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { FIELD_CATALOGUE, FIELD_CATALOGUE_BASIS } from '@consentry/population-domain';

class FieldLabelDto {
  @ApiProperty({ example: 'Họ, chữ đệm và tên' }) vi: string;
  @ApiProperty({ example: 'Full name' }) en: string;
}

class FieldDto {
  @ApiProperty({ example: 'fullName' }) code: string;
  @ApiProperty({ type: FieldLabelDto }) label: FieldLabelDto;
  @ApiProperty({ enum: ['basic', 'sensitive'] }) category: string;
  @ApiProperty({ example: 'names', description: 'The legal category behind the classification' }) basis: string;
  @ApiProperty({ example: 'text', enum: ['text', 'date', 'digits', 'enum'] }) valueType: string;
}

class FieldCatalogueDto {
  @ApiProperty({ example: FIELD_CATALOGUE_BASIS }) basis: string;
  @ApiProperty({ type: [FieldDto] }) fields: FieldDto[];
}

@ApiTags('population')
@Controller('v1/fields')
class FieldCatalogueController {
  @Get()
  @ApiOperation({ summary: 'The field catalogue: every field of a citizen record, basic or sensitive' })
  @ApiOkResponse({ type: FieldCatalogueDto })
  list(): FieldCatalogueDto {
    return {
      basis: FIELD_CATALOGUE_BASIS,
      fields: FIELD_CATALOGUE.map((f) => ({ code: f.code, label: { ...f.label }, category: f.category, basis: f.basis, valueType: f.valueType.kind })),
    };
  }
}

/** Publishes the population field catalogue (public reference data, no personal data). */
@Module({ controllers: [FieldCatalogueController] })
export class PopulationCatalogueModule {}
