import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { MultiLine, SingleLine } from '@itsm/platform';

/** The field rules every command body shares: one line or many, required or optional, a 1–3 level. */
const LEVELS = [1, 2, 3] as const;
export const levelDoc = (what: string) => ({ enum: LEVELS, description: `${what}: 1 = high, 2 = medium, 3 = low` });
const Text = (max: number) => [IsString(), IsNotEmpty(), MaxLength(max)];
export const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));
/** Titles, callers, categories, groups, people: one line. */
export const RequiredLine = (max: number) => apply([...Text(max), SingleLine()]);
/** Descriptions, notes and reasons: line breaks allowed. */
export const RequiredText = (max: number) => apply([...Text(max), MultiLine()]);
/** Absent, null, or a non-empty string. */
export const OptionalLine = (max: number) => apply([IsOptional(), ValidateIf((_, v) => v !== null), ...Text(max), SingleLine()]);
export const OptionalText = (max: number) => apply([IsOptional(), ValidateIf((_, v) => v !== null), ...Text(max), MultiLine()]);
export const Level = () => apply([IsInt(), IsIn([...LEVELS])]);
