/**
 * Deterministic generator of benchmark data: deployment records and actors that pass the real
 * record schema, with a skewed country distribution (a few countries very common, a long tail),
 * 1–5 sources each, and English text composed from word lists of the subject. Record i is the
 * same in every size, so the 10k set is a prefix of the 100k set, which is a prefix of the 1M set.
 *
 *   node --import tsx bench/generate.ts --size 10k|100k|1m [--out DIR] [--seed N]
 *
 * Writes DIR/actors/actors.jsonl, DIR/compendium/deployments-NNNNN.jsonl (10,000 records a
 * file, so each file is one import transaction) and DIR/terms.json (query terms for the load
 * test: common, mid-frequency and rare words, the commonest countries, a sample of slugs).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Actor } from '../src/domain/actor.ts';
import { buildCatalog, type Catalog } from '../src/domain/catalog.ts';
import { countryName, isCountryCode } from '../src/domain/countries.ts';
import type { Deployment } from '../src/domain/deployment.ts';
import { validateActor, validateDeployment } from '../src/domain/validate-record.ts';
import { termIds } from '../src/domain/vocabulary.ts';
import { loadVocabularies } from '../src/files/vocabularies.ts';
import { BENCH_OUT, CONTENT_DIR, parseArgs, parseSize, sizeLabel } from './options.ts';
import { Rng, weighted, Zipf } from './prng.ts';

export const RECORDS_PER_FILE = 10_000;
export const DEFAULT_SEED = 20261129;
/** Bumped when terms.json changes shape, so that older data sets are generated again. */
export const TERMS_VERSION = 2;

// ---------------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------------

/** Countries by how often they appear, commonest first (filtered through the real code check). */
const COUNTRY_ORDER = (
  'US GB GR EU DE IT ES HU FR NL BE AT PL DK NO SE LT LV CH AU CA TR MX LY MA TN HR BG RO MT CY SI SK CZ FI EE PT IE IL IN ' +
  'CN KE UG NG SN NE ML TD SD EG JO LB BD PK AF IR IQ SY UA BY RU GE AM AZ KZ UZ TJ KG TM MN JP KR TH MY ID PH VN MM LK NP ' +
  'NZ BR AR CL CO PE EC VE GT HN SV NI CR PA CU DO HT JM TT ZA NA BW ZW ZM MW MZ TZ RW BI CD CG CM GA GQ CF SS ET ER DJ SO ' +
  'YE OM SA AE QA BH KW DZ MR GM GN SL LR CI GH TG BJ BF CV IS LU LI MC SM AD AL MK ME RS BA XK MD'
)
  .split(' ')
  .filter(isCountryCode);

const AGENCY_KINDS = [
  ['ministry-of-the-interior', 'Ministry of the Interior'],
  ['border-police', 'Border Police'],
  ['immigration-service', 'Immigration Service'],
  ['asylum-office', 'Asylum Office'],
  ['coast-guard', 'Coast Guard'],
  ['national-police', 'National Police'],
] as const;

const EU_AGENCIES = [
  ['eu-border-and-coast-guard-agency', 'European Border and Coast Guard Agency'],
  ['eu-agency-for-large-scale-it-systems', 'EU Agency for the Operational Management of Large-Scale IT Systems'],
  ['eu-commission-dg-home', 'European Commission, Directorate-General for Migration and Home Affairs'],
  ['eu-asylum-agency', 'European Union Agency for Asylum'],
  ['eu-police-cooperation-agency', 'European Union Agency for Law Enforcement Cooperation'],
] as const;

const FUNDERS = [
  ['eu-internal-security-fund', 'Internal Security Fund (European Commission)'],
  ['eu-border-management-and-visa-instrument', 'Border Management and Visa Instrument (European Commission)'],
  ['eu-horizon-research-programme', 'Horizon research programme (European Research Executive Agency)'],
  ['eu-trust-fund-for-africa', 'EU Emergency Trust Fund for Africa'],
  ['us-dhs-science-and-technology', 'US Department of Homeland Security, Science and Technology Directorate'],
  ['uk-home-office-innovation-fund', 'UK Home Office innovation fund'],
  ['au-home-affairs-grants', 'Australian Department of Home Affairs grants programme'],
  ['world-bank-digital-id-programme', 'World Bank digital identification programme'],
] as const;

const VENDOR_SUFFIXES = [
  'Systems', 'Technologies', 'Defence', 'Biometrics', 'Analytics', 'Security', 'Solutions', 'Aerospace',
  'Monitoring', 'Labs', 'Group', 'Dynamics', 'Robotics', 'Vision', 'Forensics', 'Identity', 'Sensors', 'Data',
];

// Syllables for made-up product and company names: a pool of about 225,000 distinct words, drawn
// with a Zipf law, so a few names are everywhere and most appear in a handful of records.
const NAME_HEAD = ['vel', 'zor', 'kad', 'mir', 'tal', 'ost', 'quen', 'bry', 'dax', 'fen', 'gor', 'hal', 'ixa', 'jor', 'kel', 'lum', 'nex', 'orv', 'pra', 'ryn', 'sol', 'tyr', 'ulv', 'vor', 'wex', 'yla', 'zan', 'cal', 'bex', 'dru'];
const NAME_MID = ['a', 'e', 'i', 'o', 'u', 'ar', 'en', 'ix', 'or', 'ul'];
const NAME_BODY = ['b', 'c', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'q', 'r', 's', 't', 'v', 'z', 'br', 'cr', 'dr', 'gr', 'kr', 'pl', 'st', 'tr', 'vr'];
const NAME_TAIL = ['dex', 'tron', 'lux', 'nova', 'sight', 'trak', 'vis', 'gate', 'scan', 'lens', 'core', 'net', 'guard', 'watch', 'ium', 'mark', 'eon', 'ara', 'ion', 'ent', 'ova', 'ex', 'yx', 'oth', 'ane', 'ire', 'oss', 'alt', 'orn', 'umb'];
const NAME_POOL = NAME_HEAD.length * NAME_MID.length * NAME_BODY.length * NAME_TAIL.length;

/** The made-up name of rank r (0 = commonest), capitalised. */
export function productName(rank: number): string {
  let i = (rank * 7919 + 12345) % NAME_POOL;
  const tail = NAME_TAIL[i % NAME_TAIL.length]!;
  i = Math.floor(i / NAME_TAIL.length);
  const body = NAME_BODY[i % NAME_BODY.length]!;
  i = Math.floor(i / NAME_BODY.length);
  const mid = NAME_MID[i % NAME_MID.length]!;
  i = Math.floor(i / NAME_MID.length);
  const head = NAME_HEAD[i % NAME_HEAD.length]!;
  const w = head + mid + body + tail;
  return w[0]!.toUpperCase() + w.slice(1);
}

interface Theme {
  id: string;
  weight: number;
  categories: string[];
  capabilities: string[];
  domains: string[];
  groups: string[];
  rights: string[];
  dataCategories: string[];
  tech: string[];
  purpose: string[];
  works: string[];
  headings: string[];
}

const THEMES: Theme[] = [
  {
    id: 'ankle-tags',
    weight: 14,
    categories: ['alternatives_to_detention'],
    capabilities: ['electronic_monitoring', 'gps_tracking', 'biometric_verification', 'facial_recognition', 'voice_recognition'],
    domains: ['alternatives_to_detention', 'migration_management', 'return_removal', 'immigration_detention'],
    groups: ['people_released_from_detention', 'people_facing_deportation', 'asylum_seekers', 'migrants'],
    rights: ['privacy', 'liberty_and_security', 'human_dignity', 'data_protection', 'freedom_of_movement'],
    dataCategories: ['location', 'biometric_for_unique_identification'],
    tech: ['GPS ankle tags', 'electronic ankle monitors', 'GPS-enabled wrist trackers', 'a smartphone check-in app', 'radio-frequency curfew tags', 'voice-verified telephone reporting', 'non-fitted tracking devices'],
    purpose: ['for people on immigration bail', 'instead of immigration detention', 'for asylum seekers awaiting removal', 'for families released at the border', 'as a condition of release'],
    works: [
      'The tag records the wearer’s location around the clock and sends it to a monitoring centre.',
      'Wearers must charge the device for two hours a day and answer calls from caseworkers.',
      'A missed check-in triggers an alert that can lead to re-detention.',
      'The app asks for a selfie at random times and compares it with an enrolment photo.',
      'Location trails are kept for years and can be shared with enforcement teams.',
      'Officials review curfew breaches flagged by the monitoring software each morning.',
    ],
    headings: ['How it works', 'Conditions', 'Monitoring centre', 'Data retention', 'Scale over time'],
  },
  {
    id: 'drones',
    weight: 10,
    categories: ['aerial_and_maritime_surveillance'],
    capabilities: ['aerial_surveillance', 'person_detection', 'data_sharing_with_third_countries'],
    domains: ['border_control', 'search_and_rescue', 'national_security'],
    groups: ['people_at_sea', 'migrants', 'asylum_seekers', 'border_communities'],
    rights: ['life', 'asylum_and_non_refoulement', 'privacy', 'freedom_of_movement'],
    dataCategories: ['location', 'other_personal'],
    tech: ['long-endurance surveillance drones', 'maritime patrol aircraft', 'tethered surveillance balloons', 'medium-altitude drones', 'thermal-camera quadcopters', 'satellite imagery feeds'],
    purpose: ['over the central Mediterranean', 'along the land border', 'to spot boats leaving the coast', 'to locate people crossing at night', 'over the Aegean islands'],
    works: [
      'Video and radar tracks are streamed live to a situation centre.',
      'Sightings of boats are passed to the coast guard of a neighbouring state.',
      'Crews report positions of vessels in distress but do not rescue them.',
      'Flights are scheduled around weather windows when departures are expected.',
      'Thermal cameras detect groups walking through forests and fields at night.',
    ],
    headings: ['Flights', 'Sharing of sightings', 'Contract', 'Operations', 'Aircraft'],
  },
  {
    id: 'towers',
    weight: 8,
    categories: ['border_surveillance_infrastructure'],
    capabilities: ['person_detection', 'facial_recognition', 'remote_biometric_identification', 'large_scale_database'],
    domains: ['border_control', 'national_security', 'law_enforcement'],
    groups: ['migrants', 'border_communities', 'asylum_seekers'],
    rights: ['privacy', 'life', 'non_discrimination', 'freedom_of_movement'],
    dataCategories: ['location', 'other_personal'],
    tech: ['autonomous surveillance towers', 'integrated fixed towers', 'long-range thermal cameras', 'ground sensors and radar masts', 'camera-equipped border fences', 'AI-enabled watchtowers'],
    purpose: ['along the southern border', 'in the border forest', 'at remote crossing points', 'along the river border', 'near the border fence'],
    works: [
      'Software classifies moving objects as people, animals or vehicles and alerts agents.',
      'Each tower covers a radius of several kilometres with radar and day-and-night cameras.',
      'Detections are logged with time and coordinates in a central database.',
      'Researchers found that crossings shifted to more dangerous terrain after the towers were built.',
      'The towers run on solar power and need no operator on site.',
    ],
    headings: ['The towers', 'Detection software', 'Effects on routes', 'Procurement', 'Coverage'],
  },
  {
    id: 'biometrics',
    weight: 14,
    categories: ['biometrics_and_identification', 'data_systems_and_interoperability'],
    capabilities: ['fingerprinting', 'facial_recognition', 'iris_recognition', 'biometric_identification', 'biometric_verification', 'large_scale_database'],
    domains: ['asylum', 'border_control', 'visa', 'humanitarian_aid', 'migration_management'],
    groups: ['asylum_seekers', 'refugees', 'travellers', 'visa_applicants', 'children'],
    rights: ['privacy', 'data_protection', 'non_discrimination', 'rights_of_the_child', 'human_dignity'],
    dataCategories: ['biometric_for_unique_identification', 'other_personal'],
    tech: ['fingerprint registration', 'facial recognition gates', 'iris scanning', 'mobile biometric kits', 'a central biometric database', 'palm-vein scanners'],
    purpose: ['at registration centres', 'at airports and land crossings', 'for cash assistance in camps', 'for visa applicants abroad', 'for children from the age of six'],
    works: [
      'Fingerprints and a facial image are taken and compared with several databases.',
      'A match against an earlier record can lead to transfer to another state.',
      'Templates are stored for ten years and searched by police forces.',
      'Refusal to give fingerprints can be met with detention or coercion.',
      'Error rates are higher for older people and for people with darker skin.',
      'Enrolment is a condition for receiving food and cash assistance.',
    ],
    headings: ['Enrolment', 'Matching', 'Data retention', 'Access by police', 'Error rates'],
  },
  {
    id: 'phones',
    weight: 10,
    categories: ['mobile_device_extraction'],
    capabilities: ['device_data_extraction', 'dialect_language_identification', 'social_media_monitoring'],
    domains: ['asylum', 'migration_management', 'law_enforcement'],
    groups: ['asylum_seekers', 'people_at_sea', 'migrants'],
    rights: ['privacy', 'data_protection', 'due_process_and_effective_remedy', 'freedom_of_expression'],
    dataCategories: ['device_content', 'location', 'special_category'],
    tech: ['phone data extraction', 'seizure of mobile phones', 'forensic extraction kits', 'analysis of phone metadata', 'reading of messaging apps', 'cloud account searches'],
    purpose: ['to check the identity of asylum seekers', 'of people arriving by small boat', 'to establish travel routes', 'when no passport is shown', 'during asylum registration'],
    works: [
      'Officers connect the phone to extraction software that copies contacts, messages and location history.',
      'The software produces a report on languages used in messages and countries called.',
      'Phones were kept for weeks or months before being returned.',
      'Geodata from photos are used to reconstruct the route taken.',
      'A lawyer must approve the reading of the report, according to the authority.',
      'Searches took place without a warrant and without telling people their rights.',
    ],
    headings: ['Extraction', 'The report', 'Seizures', 'Legal safeguards', 'Court rulings'],
  },
  {
    id: 'risk',
    weight: 9,
    categories: ['automated_risk_assessment_and_profiling'],
    capabilities: ['individual_risk_assessment', 'profiling', 'automated_decision', 'social_media_monitoring', 'predictive_analytics_individual'],
    domains: ['visa', 'border_control', 'migration_management', 'residence_permit'],
    groups: ['visa_applicants', 'travellers', 'migrants', 'asylum_seekers'],
    rights: ['non_discrimination', 'due_process_and_effective_remedy', 'privacy', 'data_protection'],
    dataCategories: ['other_personal', 'criminal_offence_data'],
    tech: ['an algorithmic risk-scoring tool', 'a visa streaming algorithm', 'automated screening rules', 'a traveller risk profile engine', 'a sham-marriage triage tool'],
    purpose: ['for visa applications', 'for travel authorisations', 'to flag applicants for closer checks', 'to decide who is detained', 'to sort residence applications'],
    works: [
      'Applicants are sorted into red, amber and green streams by nationality and other factors.',
      'A red rating leads to more checks and a higher refusal rate.',
      'The rules are not published and applicants are not told their score.',
      'Caseworkers can override the score but rarely do, according to inspectors.',
      'Watch-list hits from other databases add points to the score.',
    ],
    headings: ['The algorithm', 'Streaming', 'Transparency', 'Inspections', 'Outcomes'],
  },
  {
    id: 'lie-detection',
    weight: 4,
    categories: ['emotion_recognition_and_lie_detection', 'automated_risk_assessment_and_profiling'],
    capabilities: ['deception_detection', 'emotion_recognition', 'individual_risk_assessment', 'biometric_verification'],
    domains: ['border_control', 'asylum'],
    groups: ['travellers', 'asylum_seekers'],
    rights: ['human_dignity', 'non_discrimination', 'privacy', 'due_process_and_effective_remedy'],
    dataCategories: ['biometric_other', 'biometric_for_unique_identification'],
    tech: ['an AI lie detector', 'avatar interviews with deception detection', 'micro-expression analysis', 'voice stress analysis', 'an automated credibility assessment'],
    purpose: ['at border crossing points', 'in pre-arrival interviews', 'in asylum interviews', 'in a research pilot'],
    works: [
      'A virtual border guard asks questions while software reads facial micro-expressions.',
      'The system computes a risk score that border guards see before the crossing.',
      'Scientists say there is no sound basis for inferring deception from faces.',
      'Parts of the evaluation reports were withheld from the public.',
    ],
    headings: ['The pilot', 'Deception detection', 'Scientific criticism', 'Transparency', 'Funding'],
  },
  {
    id: 'databases',
    weight: 9,
    categories: ['data_systems_and_interoperability'],
    capabilities: ['large_scale_database', 'data_sharing_with_third_countries', 'biometric_identification'],
    domains: ['migration_management', 'border_control', 'law_enforcement', 'visa'],
    groups: ['migrants', 'travellers', 'asylum_seekers', 'visa_applicants'],
    rights: ['privacy', 'data_protection', 'non_discrimination', 'asylum_and_non_refoulement'],
    dataCategories: ['other_personal', 'biometric_for_unique_identification', 'criminal_offence_data'],
    tech: ['an entry-exit register', 'an interoperable identity repository', 'a shared watch-list', 'a case management database', 'a data-sharing agreement'],
    purpose: ['for all non-citizens', 'linking police and migration records', 'with authorities of countries of origin', 'for people refused entry'],
    works: [
      'Records from several systems are linked so that one search returns all of them.',
      'Police can query the repository without a court order for some offences.',
      'Data about asylum seekers are shared with the authorities of the country they fled, according to NGOs.',
      'The register stores entry and exit dates, faces and fingerprints.',
    ],
    headings: ['The register', 'Interoperability', 'Access', 'Data sharing', 'Rollout'],
  },
  {
    id: 'forecasting',
    weight: 4,
    categories: ['predictive_analytics'],
    capabilities: ['predictive_analytics_aggregate', 'social_media_monitoring', 'predictive_analytics_individual'],
    domains: ['migration_management', 'humanitarian_aid', 'border_control'],
    groups: ['migrants', 'refugees', 'people_at_sea'],
    rights: ['asylum_and_non_refoulement', 'freedom_of_movement', 'privacy', 'non_discrimination'],
    dataCategories: ['other_personal', 'location'],
    tech: ['a migration forecasting model', 'an early-warning dashboard', 'social media trend analysis', 'a displacement prediction tool'],
    purpose: ['to anticipate arrivals', 'to plan reception capacity', 'to plan border operations', 'to predict routes'],
    works: [
      'The model combines conflict data, weather and online search trends.',
      'Forecasts are produced monthly for each route and shared with member states.',
      'Critics warn that forecasts can be used to prevent departures rather than plan protection.',
    ],
    headings: ['The model', 'Data sources', 'Uses', 'Criticism'],
  },
];

const THEME_WEIGHTS = THEMES.map((t) => [t, t.weight] as const);

const NGOS = [
  'Amnesty International', 'Human Rights Watch', 'Privacy International', 'Statewatch', 'European Digital Rights', 'Access Now',
  'AlgorithmWatch', 'Border Violence Monitoring Network', 'Just Futures Law', 'Mijente', 'Lighthouse Reports', 'Homo Digitalis',
  'Hermes Center', 'Refugee Law Lab', 'Migrants Rights Network', 'Bail for Immigration Detainees', 'Medical Justice', 'Foxglove',
  'Liberty', 'Society for Civil Rights', 'noyb', 'La Quadrature du Net', 'Border Forensics', 'Sea-Watch', 'Alarm Phone',
  'Electronic Frontier Foundation', 'Platform for International Cooperation on Undocumented Migrants', 'Refugee Council',
];

const PUBLISHERS = [
  ['The Guardian', 'theguardian.com'], ['Associated Press', 'apnews.com'], ['Reuters', 'reuters.com'], ['Der Spiegel', 'spiegel.de'],
  ['Le Monde', 'lemonde.fr'], ['El País', 'elpais.com'], ['Kathimerini', 'ekathimerini.com'], ['Balkan Insight', 'balkaninsight.com'],
  ['The Intercept', 'theintercept.com'], ['CyberScoop', 'cyberscoop.com'], ['Biometric Update', 'biometricupdate.com'],
  ['Wired', 'wired.com'], ['Politico Europe', 'politico.eu'], ['Euractiv', 'euractiv.com'], ['The New Humanitarian', 'thenewhumanitarian.org'],
  ['Netzpolitik', 'netzpolitik.org'], ['Algorithm Watch', 'algorithmwatch.org'], ['Statewatch', 'statewatch.org'],
  ['Privacy International', 'privacyinternational.org'], ['Amnesty International', 'amnesty.org'], ['Human Rights Watch', 'hrw.org'],
  ['European Parliament', 'europarl.europa.eu'], ['European Court of Auditors', 'eca.europa.eu'], ['Government Accountability Office', 'gao.gov'],
  ['Independent Chief Inspector of Borders and Immigration', 'gov.uk'], ['Official Journal of the European Union', 'eur-lex.europa.eu'],
  ['Court of Justice of the European Union', 'curia.europa.eu'], ['Lighthouse Reports', 'lighthousereports.com'],
] as const;

const SOURCE_KINDS = [
  'investigation into', 'report on', 'parliamentary answer on', 'procurement notice for', 'inspection report on', 'court ruling on',
  'press release announcing', 'freedom-of-information response on', 'audit of', 'briefing on',
];

const CONCERNS = [
  'the system treats people on the move as suspects by default',
  'the tagging amounts to a digital form of detention',
  'error rates fall hardest on people with darker skin',
  'people were not told what data were taken or why',
  'the deployment pushes crossings onto more dangerous routes',
  'the data can be shared with the authorities people fled',
  'there is no effective way to challenge a decision based on the score',
  'children are enrolled without regard to their best interests',
  'the legal basis is too vague to meet the test of necessity',
  'the vendor’s contract is secret and escapes public scrutiny',
  'surveillance at sea is used to enable pullbacks rather than rescue',
  'the technology has never been shown to work as claimed',
];

const LAWS = [
  'The deployment rests on the national Residence Act, as amended in {year}',
  'The authority cites its general powers under the Immigration Act',
  'A ministerial decree of {year} provides the legal basis',
  'The practice is based on Regulation (EU) 2019/1896',
  'The government relies on emergency legislation adopted in {year}',
  'Powers to seize devices were added to the Nationality and Borders Act in {year}',
  'The programme operates under an appropriations act with no specific statute',
];

const COURTS = ['Federal Administrative Court', 'High Court', 'Constitutional Court', 'Council of State', 'European Court of Human Rights', 'General Court of the European Union', 'District Court', 'Data Protection Authority'];

const BIRDS = ['Kestrel', 'Osprey', 'Heron', 'Falcon', 'Harrier', 'Merlin', 'Shrike', 'Petrel', 'Gannet', 'Kite', 'Plover', 'Tern', 'Swift', 'Curlew', 'Avocet', 'Egret'];

const SAFEGUARD_KEYS = ['hria_before_deployment', 'dpia_before_deployment', 'persons_informed', 'human_oversight_assigned', 'complaint_mechanism', 'assessment_published'] as const;
const SUPPORT_FIELDS = ['summary', 'description', 'countries', 'authorities', 'vendors', 'categories', 'capabilities', 'status', 'period', 'scale', 'concerns', 'rights_at_risk'] as const;

/** PostgreSQL's English stop words of four letters or more: never offered as query terms. */
const STOP = new Set(
  'about above after again against been before being below between both does doing down during each from further have having here hers herself himself into itself just more most myself only other ours ourselves over same should some such than that their theirs them themselves then there these they this those through under until very what when where which while whom with would your yours yourself yourselves because were will'.split(' '),
);

// ---------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------

export interface ActorSet {
  actors: Actor[];
  /** Authority slugs per country code. */
  authorities: Map<string, string[]>;
  vendors: { slug: string; name: string }[];
  funders: string[];
}

const VENDOR_COUNT = 1500;

export function generateActors(seed: number): ActorSet {
  const rng = new Rng(seed ^ 0x5eed);
  const actors: Actor[] = [];
  const authorities = new Map<string, string[]>();
  for (const cc of COUNTRY_ORDER) {
    if (cc === 'EU') {
      authorities.set('EU', EU_AGENCIES.map(([s]) => s));
      for (const [slug, name] of EU_AGENCIES) {
        actors.push({ slug, name, type: 'eu_institution_body_agency', countries: ['EU'], description: `${name}, an EU body that takes part in border and migration operations.` });
      }
      continue;
    }
    const list: string[] = [];
    for (const [kind, label] of AGENCY_KINDS) {
      const slug = `${cc.toLowerCase()}-${kind}`;
      list.push(slug);
      actors.push({
        slug,
        name: `${label} (${countryName(cc)})`,
        type: 'public_authority',
        countries: [cc],
        description: `${label} of ${countryName(cc)}, responsible for parts of border, asylum or migration control.`,
        url: `https://www.example.gov/${cc.toLowerCase()}/${kind}`,
      });
    }
    authorities.set(cc, list);
  }
  const vendors: { slug: string; name: string }[] = [];
  const used = new Set<string>();
  for (let i = 0; vendors.length < VENDOR_COUNT; i++) {
    const name = `${productName(200_000 + i)} ${rng.pick(VENDOR_SUFFIXES)}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    if (used.has(slug)) continue;
    used.add(slug);
    vendors.push({ slug, name });
    const home = COUNTRY_ORDER[Math.min(COUNTRY_ORDER.length - 1, Math.floor(rng.float() * rng.float() * 40))]!;
    actors.push({
      slug,
      name,
      type: 'company',
      countries: home === 'EU' ? ['BE'] : [home],
      description: `${name} sells ${rng.pick(THEMES).tech[0]} and related services to governments.`,
      url: `https://www.${slug}.example.com/`,
      sources: [{ id: 1, title: `Company profile of ${name}`, publisher: 'Corporate register', url: `https://register.example.org/companies/${slug}` }],
    });
  }
  for (const [slug, name] of FUNDERS) actors.push({ slug, name, type: 'international_organisation', description: `${name}, which pays for some deployments.` });
  return { actors, authorities, vendors, funders: FUNDERS.map(([s]) => s) };
}

// ---------------------------------------------------------------------------------------------
// Deployments
// ---------------------------------------------------------------------------------------------

const countryZipf = new Zipf(COUNTRY_ORDER.length, 1.1);
/** Product names use ranks 1000–199,999; vendor names are built from ranks 200,000 and up. */
const productZipf = new Zipf(199_000, 1.0);
const vendorZipf = new Zipf(VENDOR_COUNT, 0.9);
const YEARS: (readonly [number, number])[] = [];
for (let y = 1995; y <= 2026; y++) YEARS.push([y, Math.pow(y - 1990, 2)] as const);

const STATUS_WEIGHTS = [['active', 45], ['ended', 15], ['pilot', 15], ['proposed', 10], ['suspended', 8], ['ruled_unlawful', 7]] as const;

function partialDate(rng: Rng, year: number): string {
  const p = rng.float();
  if (p < 0.5) return String(year);
  const m = String(rng.int(1, 12)).padStart(2, '0');
  if (p < 0.8) return `${year}-${m}`;
  return `${year}-${m}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

function cap(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

function trimTo(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}

function cite(rng: Rng, n: number): string {
  const a = rng.int(1, n);
  if (n > 1 && rng.chance(0.3)) {
    const b = rng.int(1, n);
    return b === a ? `[${a}]` : `[${a}][${b}]`;
  }
  return `[${a}]`;
}

export interface GeneratedRecord {
  record: Deployment;
  /** Ranks of the made-up product names used in it (for the rare-term list). */
  products: number[];
}

/** Record number i of a data set: the same for every size and every run with the same seed. */
export function generateRecord(i: number, seed: number, actors: ActorSet): GeneratedRecord {
  const rng = new Rng((seed * 2654435761 + i * 40503) >>> 0);
  const theme = weighted(rng, THEME_WEIGHTS);
  const second = rng.chance(0.25) ? rng.pick(THEMES) : undefined;

  const first = COUNTRY_ORDER[countryZipf.draw(rng)]!;
  const countries = [first];
  const extra = rng.chance(0.8) ? 0 : rng.chance(0.75) ? 1 : rng.int(2, 3);
  for (let k = 0; k < extra; k++) {
    const c = COUNTRY_ORDER[countryZipf.draw(rng)]!;
    if (!countries.includes(c)) countries.push(c);
  }
  const authorityPool = actors.authorities.get(first)!;
  const authorities = rng.sample(authorityPool, rng.chance(0.8) ? 1 : 2);
  const vendorCount = weighted(rng, [[0, 25], [1, 50], [2, 18], [3, 7]] as const);
  const vendors: { slug: string; name: string }[] = [];
  for (let k = 0; k < vendorCount; k++) {
    const v = actors.vendors[vendorZipf.draw(rng)]!;
    if (!vendors.includes(v)) vendors.push(v);
  }
  const funders = rng.chance(0.12) ? [rng.pick(actors.funders)] : undefined;
  const products = [productZipf.draw(rng) + 1000];
  if (rng.chance(0.5)) products.push(productZipf.draw(rng) + 1000);
  const product = productName(products[0]!);
  const agencyName = (slug: string) => {
    const kind = AGENCY_KINDS.find(([k]) => slug.endsWith(k));
    const eu = EU_AGENCIES.find(([s]) => s === slug);
    return eu ? eu[1] : `${kind ? kind[1] : 'Authority'} (${countryName(first)})`;
  };
  const authorityName = agencyName(authorities[0]!);
  const tech = rng.pick(theme.tech);
  const purpose = rng.pick(theme.purpose);
  const status = weighted(rng, STATUS_WEIGHTS);
  const startYear = weighted(rng, YEARS);
  const endYear = (status === 'ended' || status === 'ruled_unlawful' || status === 'suspended') && rng.chance(0.7) ? rng.int(startYear, 2026) : undefined;
  const nSources = rng.int(1, 5);
  const place = countryName(first);
  const operation = rng.chance(0.3) ? ` (Operation ${rng.pick(BIRDS)})` : '';
  const vendorPhrase = vendors.length ? `, supplied by ${vendors.map((v) => v.name).join(' and ')}` : '';

  const title = trimTo(`${authorityName}: ${tech} ${purpose}${rng.chance(0.6) ? ` (${product})` : operation}`, 200);
  const slug = `${first.toLowerCase()}-${theme.id}-${tech.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)}-${i.toString(36)}`;

  const people = rng.int(50, 250_000);
  const summaryParts = [
    `${cap(authorityName)} uses ${tech} ${purpose} in ${place}${vendorPhrase} ${cite(rng, nSources)}.`,
    `${rng.pick(theme.works).replace(/\.$/, '')} ${cite(rng, nSources)}.`,
    rng.chance(0.7) ? `The ${product} system has been in use since ${startYear}, and about ${people.toLocaleString('en-GB')} people were affected by ${Math.min(2026, startYear + rng.int(1, 6))} ${cite(rng, nSources)}.` : '',
  ].filter(Boolean);
  const summary = trimTo(summaryParts.join(' '), 800);

  const paragraphs: string[] = [];
  const nPar = rng.int(2, 5);
  const headings = rng.sample(theme.headings, nPar);
  for (let p = 0; p < nPar; p++) {
    const pool = p > 0 && second ? second.works.concat(theme.works) : theme.works;
    const sentences = rng.sample(pool, rng.int(2, 4)).map((s) => `${s.replace(/\.$/, '')} ${cite(rng, nSources)}.`);
    if (rng.chance(0.4)) sentences.push(`In ${rng.int(startYear, 2026)}, ${authorityName} told ${rng.pick(PUBLISHERS)[0]} that ${productName(products[products.length - 1]!)} had been used ${rng.int(2, 90_000).toLocaleString('en-GB')} times ${cite(rng, nSources)}.`);
    paragraphs.push(`**${headings[p] ?? 'Background'}.** ${sentences.join(' ')}`);
  }
  const description = paragraphs.join('\n\n');

  const concerns = rng.chance(0.6)
    ? rng
        .sample(CONCERNS, rng.int(1, 3))
        .map((c) => `${rng.pick(NGOS)} says ${c} ${cite(rng, nSources)}.`)
        .join(' ')
    : undefined;
  const legalBasis = rng.chance(0.4) ? `${rng.pick(LAWS).replace('{year}', String(rng.int(1995, startYear)))} ${cite(rng, nSources)}.` : undefined;

  const categories = [...new Set([theme.categories[0]!, ...(rng.chance(0.3) ? theme.categories.slice(1) : []), ...(second ? [second.categories[0]!] : [])])];
  const capabilities = rng.sample(theme.capabilities.concat(second?.capabilities ?? []), rng.int(1, 4));
  const uniq = <T>(xs: T[]) => [...new Set(xs)];

  const sources = [];
  for (let s = 1; s <= nSources; s++) {
    const [publisher, domain] = rng.pick(PUBLISHERS);
    const year = rng.int(startYear, 2026);
    sources.push({
      id: s,
      title: trimTo(`${cap(rng.pick(SOURCE_KINDS))} ${tech} ${purpose} in ${place}`, 500),
      publisher,
      url: `https://www.${domain}/${year}/${slug.slice(0, 60)}-${s}`,
      published: partialDate(rng, year),
      supports: rng.sample(SUPPORT_FIELDS, rng.int(1, 5)),
    });
  }

  const record: Deployment = {
    slug,
    title,
    summary,
    description,
    countries,
    ...(rng.chance(0.1) ? { areas: [rng.pick(['central_mediterranean', 'us_mexico_border', 'english_channel', 'eu_external_borders'])] } : {}),
    authorities,
    ...(vendors.length ? { vendors: vendors.map((v) => v.slug) } : {}),
    ...(funders ? { funders } : {}),
    deployer_type: first === 'EU' ? 'eu_institution_body_agency' : rng.chance(0.9) ? 'public_authority' : 'private_public_service',
    domains: rng.sample(theme.domains, rng.int(1, 3)),
    categories,
    capabilities: uniq(capabilities),
    affected_groups: rng.sample(theme.groups, rng.int(1, 3)),
    status,
    period: { start: partialDate(rng, startYear), ...(endYear ? { end: String(endYear) } : {}) },
    ...(rng.chance(0.3) ? { scale: { people, as_of: partialDate(rng, Math.min(2026, startYear + 2)), sources: [rng.int(1, nSources)] } } : {}),
    ...(legalBasis ? { legal_basis: legalBasis } : {}),
    ...(rng.chance(0.5)
      ? { safeguards: { ...Object.fromEntries(rng.sample(SAFEGUARD_KEYS, rng.int(1, 4)).map((k) => [k, rng.pick([true, false, 'unknown'] as const)])), sources: [rng.int(1, nSources)] } }
      : {}),
    ...(rng.chance(0.2) ? { facts: { data_categories: rng.sample(theme.dataCategories, rng.int(1, theme.dataCategories.length)) } } : {}),
    rights_at_risk: rng.sample(theme.rights, rng.int(1, 4)),
    ...(concerns ? { concerns } : {}),
    ...(rng.chance(0.08)
      ? { legal_challenges: [{ forum: `${rng.pick(COURTS)} (${place})`, case: `${rng.pick(NGOS)} v ${authorityName}`, year: rng.int(startYear, 2026), outcome: rng.pick(['pending', 'dismissed', 'practice ruled unlawful', 'settled']), sources: [rng.int(1, nSources)] }] }
      : {}),
    sources,
    reviewed: `2026-${String(rng.int(1, 11)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
  } as Deployment;
  return { record, products };
}

// ---------------------------------------------------------------------------------------------
// Writing a data set
// ---------------------------------------------------------------------------------------------

export interface Terms {
  version: number;
  size: number;
  seed: number;
  /** Words found in a large share of records (broad searches), with the share of the sample they appear in. */
  common: { word: string; share: number }[];
  /** Words in a few percent of records (combined with filters). */
  mid: { word: string; share: number }[];
  /** Made-up product names that occur in 1–3 records (up to 8,000). */
  rare: { word: string; records: number }[];
  /** Country codes by number of records, commonest first. */
  countries: { code: string; records: number }[];
  categories: string[];
  statuses: string[];
  capabilities: string[];
  /** A sample of slugs, drawn uniformly. */
  slugs: string[];
}

export interface GenerateResult {
  dir: string;
  files: string[];
  records: number;
  actors: number;
  bytes: number;
  seconds: number;
}

export async function loadCatalog(): Promise<Catalog> {
  return buildCatalog(await loadVocabularies(path.join(CONTENT_DIR, 'vocabularies')));
}

export function datasetDir(size: number): string {
  return path.join(BENCH_OUT, `data-${sizeLabel(size)}`);
}

export async function generateDataset(size: number, options: { out?: string; seed?: number; log?: (m: string) => void } = {}): Promise<GenerateResult> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const dir = options.out ?? datasetDir(size);
  const log = options.log ?? (() => {});
  const catalog = await loadCatalog();
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'actors'), { recursive: true });
  await mkdir(path.join(dir, 'compendium'), { recursive: true });

  const actorSet = generateActors(seed);
  for (const a of actorSet.actors) {
    const v = validateActor(catalog, a);
    if (!v.ok) throw new Error(`generated actor ${a.slug} is invalid: ${JSON.stringify(v.problems)}`);
  }
  const actorsFile = path.join(dir, 'actors', 'actors.jsonl');
  await writeFile(actorsFile, actorSet.actors.map((a) => JSON.stringify(a)).join('\n') + '\n');
  const files = [actorsFile];
  let bytes = 0;

  const sampleSize = Math.min(size, 20_000);
  const df = new Map<string, number>();
  const productCounts = new Map<number, number>();
  const countryCounts = new Map<string, number>();
  const sampler = new Rng(seed ^ 0xabcdef);
  const slugs: string[] = [];
  const SLUG_SAMPLE = 10_000;
  let checked = 0;

  for (let start = 0; start < size; start += RECORDS_PER_FILE) {
    const lines: string[] = [];
    const end = Math.min(size, start + RECORDS_PER_FILE);
    for (let i = start; i < end; i++) {
      const { record, products } = generateRecord(i, seed, actorSet);
      if (i < 200 || i % 997 === 0) {
        const v = validateDeployment(catalog, record);
        if (!v.ok) throw new Error(`generated record ${i} (${record.slug}) is invalid: ${JSON.stringify(v.problems)}`);
        checked++;
      }
      for (const p of new Set(products)) productCounts.set(p, (productCounts.get(p) ?? 0) + 1);
      for (const c of record.countries) countryCounts.set(c, (countryCounts.get(c) ?? 0) + 1);
      if (i < sampleSize) {
        const text = `${record.title} ${record.summary} ${record.description ?? ''} ${record.concerns ?? ''}`.toLowerCase();
        for (const w of new Set(text.match(/[a-z]{4,}/g))) df.set(w, (df.get(w) ?? 0) + 1);
      }
      // Reservoir sampling: a uniform sample of slugs whatever the size.
      if (slugs.length < SLUG_SAMPLE) slugs.push(record.slug);
      else {
        const j = Math.floor(sampler.float() * (i + 1));
        if (j < SLUG_SAMPLE) slugs[j] = record.slug;
      }
      lines.push(JSON.stringify(record));
    }
    const file = path.join(dir, 'compendium', `deployments-${String(start / RECORDS_PER_FILE + 1).padStart(5, '0')}.jsonl`);
    const text = lines.join('\n') + '\n';
    bytes += Buffer.byteLength(text);
    await writeFile(file, text);
    files.push(file);
    if ((end / RECORDS_PER_FILE) % 10 === 0 || end === size) log(`  generated ${end.toLocaleString('en-GB')} records`);
  }

  const productWords = new Set<string>();
  for (let r = 0; r < NAME_POOL; r++) productWords.add(productName(r).toLowerCase());
  const sortedWords = [...productWords].sort();
  // A rare word must not be the prefix of another made-up word (searches are prefix searches).
  const isPrefixOfAnother = (w: string) => {
    let lo = 0;
    let hi = sortedWords.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedWords[mid]! <= w) lo = mid + 1;
      else hi = mid;
    }
    return sortedWords[lo]?.startsWith(w) ?? false;
  };
  const ranked = [...df.entries()].filter(([w]) => !STOP.has(w) && !productWords.has(w)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const share = (n: number) => Math.round((n / sampleSize) * 1000) / 1000;
  const common = ranked.slice(0, 60).map(([word, n]) => ({ word, share: share(n) }));
  const mid = ranked.filter(([, n]) => n / sampleSize >= 0.01 && n / sampleSize <= 0.08).slice(0, 200).map(([word, n]) => ({ word, share: share(n) }));
  const rare = [...productCounts.entries()]
    .filter(([, n]) => n <= 3)
    .map(([rank, n]) => ({ word: productName(rank).toLowerCase(), records: n }))
    .filter((r) => !isPrefixOfAnother(r.word))
    .slice(0, 8000);
  const terms: Terms = {
    version: TERMS_VERSION,
    size,
    seed,
    common,
    mid,
    rare,
    countries: [...countryCounts.entries()].sort((a, b) => b[1] - a[1]).map(([code, records]) => ({ code, records })),
    categories: termIds(catalog.vocabs, 'categories'),
    statuses: termIds(catalog.vocabs, 'statuses'),
    capabilities: termIds(catalog.vocabs, 'capabilities'),
    slugs,
  };
  await writeFile(path.join(dir, 'terms.json'), JSON.stringify(terms, null, 1));
  log(`  validated ${checked} generated records against the record schema`);
  return { dir, files, records: size, actors: actorSet.actors.length, bytes, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const size = parseSize(args.get('size') ?? '10k');
  const seed = args.has('seed') ? Number(args.get('seed')) : DEFAULT_SEED;
  const r = await generateDataset(size, { out: args.get('out'), seed, log: console.log });
  console.log(
    `Wrote ${r.records.toLocaleString('en-GB')} records and ${r.actors} actors to ${path.relative(process.cwd(), r.dir)} ` +
      `(${(r.bytes / 1e6).toFixed(0)} MB of records, ${r.seconds.toFixed(1)} s)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
