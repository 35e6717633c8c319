/**
 * The attributes the rules read (rules-reference section 2), derived from a record: descriptive
 * fields feed some (countries → jurisdictions and in_eu, domains → domain, safeguards →
 * safeguards.*), the record's `facts` give the rest. What a record does not state is unknown,
 * never false; a list the record does give (its capabilities, say) is taken as complete.
 */
import { EU_MEMBER_STATES } from '../countries.ts';
import { SAFEGUARDS, type Deployment, type Source } from '../deployment.ts';
import type { FactAttribute } from '../vocabulary.ts';
import type { AttributeValue } from './condition.ts';

/** A record as the engine accepts it: any part may be missing (a proposed system, a draft). */
export type AssessableRecord = Partial<Deployment>;

/** Attributes derived from the record's descriptive fields, with the field each comes from. */
const DERIVED: Record<string, keyof Deployment> = {
  jurisdictions: 'countries',
  in_eu: 'countries',
  domain: 'domains',
  deployer_type: 'deployer_type',
  capabilities: 'capabilities',
  status: 'status',
  ...Object.fromEntries(SAFEGUARDS.map((s) => [`safeguards.${s}`, 'safeguards'])),
};

/** Every attribute name a rule may read, given the facts vocabulary. */
export function attributeNames(facts: readonly FactAttribute[]): Set<string> {
  return new Set([...Object.keys(DERIVED), ...facts.map((f) => f.name)]);
}

/** The record field a source must `support` to back an attribute. */
export function attributeField(attribute: string): string {
  return DERIVED[attribute] ?? 'facts';
}

function isUnknown(v: unknown): boolean {
  return v === undefined || v === null || v === 'unknown';
}

/** Reads one attribute of a record; `undefined` when the record leaves it unknown. */
export function readAttribute(record: AssessableRecord, name: string): AttributeValue {
  switch (name) {
    case 'jurisdictions':
      return record.countries;
    case 'in_eu':
      return record.countries?.length ? record.countries.some((c) => c === 'EU' || EU_MEMBER_STATES.has(c)) : undefined;
    case 'domain':
      return record.domains;
    case 'deployer_type':
      return record.deployer_type;
    case 'capabilities':
      return record.capabilities;
    case 'status':
      return record.status;
  }
  const [head, tail] = name.split('.') as [string, string | undefined];
  if (head === 'safeguards' && tail) {
    const v = (record.safeguards as Record<string, unknown> | undefined)?.[tail];
    return isUnknown(v) ? undefined : (v as boolean);
  }
  const facts = record.facts as Record<string, unknown> | undefined;
  const v = tail ? (facts?.[head] as Record<string, unknown> | undefined)?.[tail] : facts?.[head];
  return isUnknown(v) ? undefined : (v as AttributeValue);
}

/** The record's sources that back an attribute: those that say they support its field. */
export function attributeSources(record: AssessableRecord, attribute: string): Source[] {
  const field = attributeField(attribute);
  const sources = record.sources ?? [];
  const cited = new Set(field === 'safeguards' ? (record.safeguards?.sources ?? []) : []);
  return sources.filter((s) => cited.has(s.id) || s.supports?.includes(field as never));
}
