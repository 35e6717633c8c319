/** The roles of signed-in users, lowest first: each may do what the ones before it may. */
export const ROLE_IDS = ['contributor', 'editor', 'admin'] as const;
export type Role = (typeof ROLE_IDS)[number];

export function roleRank(role: Role): number {
  return ROLE_IDS.indexOf(role);
}
