import { openPostgresTestDb } from '@test/support/stores';
import { describeStoreConformance } from '../testing/store-conformance';

describeStoreConformance('PostgreSQL', openPostgresTestDb);
