import { assertNever } from '../shared/decider';

export const RISK_LEVELS = ['low', 'moderate', 'high', 'very_high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** The business criticality of a service, as the CMDB records it. */
export const SERVICE_CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type ServiceCriticality = (typeof SERVICE_CRITICALITIES)[number];

export interface AffectedService {
  readonly serviceId: string;
  readonly criticality: ServiceCriticality;
}

/**
 * Everything the risk was computed from, recorded on the event so an auditor can recompute it with
 * the policy version beside it. The handler looks the services and past changes up in read models;
 * the lead time is derived by the decider from the window and the command's `now`.
 */
export interface RiskInputs {
  /** Services that depend on the affected CIs; the most critical one counts. */
  readonly affectedServices: readonly AffectedService[];
  /** Hours from `now` to the window's start; negative when the window has already begun. */
  readonly leadTimeHours: number;
  /** Past changes on the same CIs, and how many of them failed. */
  readonly pastChanges: { readonly total: number; readonly failed: number };
  readonly affectedCiCount: number;
}

/** A banded factor: the highest `points` among the bands that match counts. */
export interface LeadTimeBand {
  readonly underHours: number;
  readonly points: number;
}
export interface ThresholdBand {
  readonly atLeast: number;
  readonly points: number;
}

/** Versioned policy data: points per factor, summed, and the score at which each level begins. */
export interface RiskPolicy {
  readonly version: string;
  readonly criticalityPoints: Readonly<Record<ServiceCriticality, number>>;
  readonly leadTime: readonly LeadTimeBand[];
  readonly failureRate: readonly ThresholdBand[];
  readonly affectedCis: readonly ThresholdBand[];
  readonly levelFrom: Readonly<Record<Exclude<RiskLevel, 'low'>, number>>;
}

export interface RiskAssessment {
  readonly level: RiskLevel;
  readonly score: number;
}

export const DEFAULT_RISK_POLICY: RiskPolicy = {
  version: 'change-risk-2025.1',
  criticalityPoints: { low: 0, medium: 1, high: 2, critical: 3 },
  leadTime: [
    { underHours: 72, points: 1 },
    { underHours: 24, points: 2 },
  ],
  failureRate: [
    { atLeast: 0.1, points: 1 },
    { atLeast: 0.25, points: 2 },
  ],
  affectedCis: [
    { atLeast: 5, points: 1 },
    { atLeast: 20, points: 2 },
  ],
  levelFrom: { moderate: 2, high: 4, very_high: 6 },
};

export function assessRisk(inputs: RiskInputs, policy: RiskPolicy): RiskAssessment {
  const score =
    criticalityPoints(inputs.affectedServices, policy) +
    banded(policy.leadTime, (band) => inputs.leadTimeHours < band.underHours) +
    banded(policy.failureRate, (band) => failureRate(inputs.pastChanges) >= band.atLeast) +
    banded(policy.affectedCis, (band) => inputs.affectedCiCount >= band.atLeast);
  return { level: levelOf(score, policy), score };
}

/** No history is no evidence of failure: a CI never changed before scores as a 0 % failure rate. */
export function failureRate(pastChanges: RiskInputs['pastChanges']): number {
  return pastChanges.total === 0 ? 0 : pastChanges.failed / pastChanges.total;
}

function criticalityPoints(services: readonly AffectedService[], policy: RiskPolicy): number {
  return Math.max(0, ...services.map((service) => policy.criticalityPoints[service.criticality]));
}

function banded<Band extends { readonly points: number }>(bands: readonly Band[], matches: (band: Band) => boolean): number {
  return Math.max(0, ...bands.filter(matches).map((band) => band.points));
}

function levelOf(score: number, policy: RiskPolicy): RiskLevel {
  const [, ...raised] = RISK_LEVELS;
  return raised.reduce<RiskLevel>((level, next) => (score >= levelThreshold(policy, next) ? next : level), 'low');
}

function levelThreshold(policy: RiskPolicy, level: Exclude<RiskLevel, 'low'>): number {
  switch (level) {
    case 'moderate':
    case 'high':
    case 'very_high':
      return policy.levelFrom[level];
    default:
      return assertNever(level);
  }
}
