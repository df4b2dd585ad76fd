import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import {
  CI_CRITICALITIES,
  CI_RELATIONSHIP_TYPE_IDS,
  CI_STATUSES,
  DEFAULT_CI_CLASS_CATALOGUE,
  REGISTRABLE_CI_STATUSES,
  type CiAttributes,
  type CiCriticality,
  type CiRelationshipType,
  type CiStatus,
} from '@itsm/domain';

const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));
const RequiredText = (max: number) => apply([IsString(), IsNotEmpty(), MaxLength(max)]);
const attributesDoc: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true },
  description: 'Flat key/value pairs (string, number, boolean or null); the domain refuses nested values',
  example: { os: 'linux', cpus: 8 },
};

export class RegisterCiDto {
  @ApiProperty({ maxLength: 200, example: 'web-01', description: 'Unique across the CMDB, ignoring case and spacing' }) @RequiredText(200) name: string;
  @ApiProperty({ enum: DEFAULT_CI_CLASS_CATALOGUE.classes.map((c) => c.id), description: `A class of catalogue ${DEFAULT_CI_CLASS_CATALOGUE.version}` })
  @RequiredText(100)
  ciClass: string;
  @ApiProperty(attributesDoc) @IsObject() attributes: CiAttributes;
  @ApiProperty({ maxLength: 100, example: 'infrastructure' }) @RequiredText(100) ownerGroup: string;
  @ApiPropertyOptional({ enum: REGISTRABLE_CI_STATUSES, default: 'in_use' }) @IsOptional() @IsIn([...REGISTRABLE_CI_STATUSES]) status?: CiStatus;
  @ApiProperty({ enum: CI_CRITICALITIES, description: '1 critical, 2 high, 3 medium, 4 low' }) @IsIn([...CI_CRITICALITIES]) criticality: CiCriticality;
}

export class RenameCiDto {
  @ApiProperty({ maxLength: 200 }) @RequiredText(200) name: string;
}

export class UpdateCiAttributesDto {
  @ApiPropertyOptional(attributesDoc) @IsOptional() @IsObject() set?: CiAttributes;
  @ApiPropertyOptional({ type: [String], description: 'Keys to remove' })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @MaxLength(100, { each: true })
  unset?: string[];
}

export class ChangeCiStatusDto {
  @ApiProperty({ enum: CI_STATUSES, description: 'retired is the same as /retire' }) @IsIn([...CI_STATUSES]) status: CiStatus;
  @ApiProperty({ maxLength: 2000 }) @RequiredText(2000) reason: string;
}

export class ChangeCiOwnerGroupDto {
  @ApiProperty({ maxLength: 100 }) @RequiredText(100) ownerGroup: string;
}

export class RetireCiDto {
  @ApiProperty({ maxLength: 2000 }) @RequiredText(2000) reason: string;
}

export class CiRelationshipDto {
  @ApiProperty({ enum: CI_RELATIONSHIP_TYPE_IDS, description: 'Recorded on this CI (the source), towards the target' })
  @IsIn([...CI_RELATIONSHIP_TYPE_IDS])
  type: CiRelationshipType;
  @ApiProperty({ format: 'uuid' }) @IsUUID() targetCiId: string;
}
