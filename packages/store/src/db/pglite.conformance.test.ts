import { openPgliteTestDb } from '@test/support/stores';
import { describeStoreConformance } from '../testing/store-conformance';

describeStoreConformance('PGlite', openPgliteTestDb);
