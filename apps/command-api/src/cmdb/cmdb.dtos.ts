import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MultiLine, SingleLine } from '@itsm/platform';
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
import { AttributeKeys, Attributes, attributesDoc } from './ci-attributes.dto';
import { SAMPLE_ID } from '../commands/samples';

const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));
/** Names, classes and groups: one line. */
const RequiredLine = (max: number) => apply([IsString(), IsNotEmpty(), MaxLength(max), SingleLine()]);
/** Reasons: line breaks allowed. */
const RequiredText = (max: number) => apply([IsString(), IsNotEmpty(), MaxLength(max), MultiLine()]);

export class RegisterCiDto {
  @ApiProperty({ maxLength: 200, example: 'web-01', description: 'Unique across the CMDB, ignoring case and spacing' }) @RequiredLine(200) name: string;
  @ApiProperty({ enum: DEFAULT_CI_CLASS_CATALOGUE.classes.map((c) => c.id), description: `A class of catalogue ${DEFAULT_CI_CLASS_CATALOGUE.version}` })
  @RequiredLine(100)
  ciClass: string;
  @ApiProperty(attributesDoc) @Attributes() attributes: CiAttributes;
  @ApiProperty({ maxLength: 100, example: 'infrastructure' }) @RequiredLine(100) ownerGroup: string;
  @ApiPropertyOptional({ enum: REGISTRABLE_CI_STATUSES, default: 'in_use' }) @IsOptional() @IsIn([...REGISTRABLE_CI_STATUSES]) status?: CiStatus;
  @ApiProperty({ enum: CI_CRITICALITIES, description: '1 critical, 2 high, 3 medium, 4 low' }) @IsIn([...CI_CRITICALITIES]) criticality: CiCriticality;
}

export class RenameCiDto {
  @ApiProperty({ example: 'web-02', maxLength: 200 }) @RequiredLine(200) name: string;
}

export class UpdateCiAttributesDto {
  @ApiPropertyOptional(attributesDoc) @IsOptional() @Attributes() set?: CiAttributes;
  @ApiPropertyOptional({ type: [String], description: 'Keys to remove' })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @AttributeKeys()
  unset?: string[];
}

export class ChangeCiStatusDto {
  @ApiProperty({ enum: CI_STATUSES, description: 'retired is the same as /retire' }) @IsIn([...CI_STATUSES]) status: CiStatus;
  @ApiProperty({ example: 'Moved to the standby rack', maxLength: 2000 }) @RequiredText(2000) reason: string;
}

export class ChangeCiOwnerGroupDto {
  @ApiProperty({ example: 'platform', maxLength: 100 }) @RequiredLine(100) ownerGroup: string;
}

export class RetireCiDto {
  @ApiProperty({ example: 'Decommissioned; replaced by web-03', maxLength: 2000 }) @RequiredText(2000) reason: string;
}

export class CiRelationshipDto {
  @ApiProperty({ enum: CI_RELATIONSHIP_TYPE_IDS, description: 'Recorded on this CI (the source), towards the target' })
  @IsIn([...CI_RELATIONSHIP_TYPE_IDS])
  type: CiRelationshipType;
  @ApiProperty({ example: SAMPLE_ID, format: 'uuid' }) @IsUUID() targetCiId: string;
}
