/** Factories for records, valid unless a test changes them. */
export function buildDeployment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug: 'test-harbour-drones',
    title: 'Test harbour drones',
    summary: 'A test authority flies drones over a harbour [1].',
    countries: ['MT'],
    authorities: ['test-authority'],
    categories: ['aerial_and_maritime_surveillance'],
    capabilities: ['aerial_surveillance'],
    status: 'active',
    period: { start: '2021-03' },
    rights_at_risk: ['life'],
    sources: [{ id: 1, title: 'A test source', publisher: 'Test Publisher', url: 'https://example.org/source', published: '2021-04-01' }],
    ...overrides,
  };
}

export function buildActor(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { slug: 'test-authority', name: 'Test Authority', type: 'public_authority', countries: ['MT'], ...overrides };
}
