export { rebuildNameIndex, refreshNameIndex } from './name-index';
export { searchProfiles } from './search-profiles';
export type { SearchHit, SearchMatch, SearchOptions } from './search-types';
