"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.testServerUrl = void 0;
exports.createTestDatabase = createTestDatabase;
const node_crypto_1 = require("node:crypto");
const store_1 = require("@crm-bridge/store");
const pg_1 = __importDefault(require("pg"));
/** The server tests create their databases on: TEST_DATABASE_URL or the default local port. */
exports.testServerUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
async function connectAdmin() {
    const client = new pg_1.default.Client({ connectionString: exports.testServerUrl, connectionTimeoutMillis: 5000 });
    try {
        await client.connect();
        return client;
    }
    catch (cause) {
        const code = cause.code;
        throw new Error(`PostgreSQL is not reachable at ${(0, store_1.describeUrl)(exports.testServerUrl)}${code ? ` (${code})` : ''}. ` +
            'These tests need a PostgreSQL server: install and start one ' +
            '(Debian/Ubuntu: apt-get install postgresql && service postgresql start) ' +
            'or set TEST_DATABASE_URL to a server where this user may CREATE DATABASE.', { cause });
    }
}
/** Creates a uniquely named database `crm_test_<random>`; `drop()` removes it (even with open sessions). */
async function createTestDatabase() {
    const name = `crm_test_${(0, node_crypto_1.randomBytes)(6).toString('hex')}`;
    const admin = await connectAdmin();
    try {
        await admin.query(`CREATE DATABASE ${name}`);
    }
    finally {
        await admin.end();
    }
    const url = new URL(exports.testServerUrl);
    url.pathname = `/${name}`;
    return {
        url: url.toString(),
        name,
        async drop() {
            const client = await connectAdmin();
            try {
                await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            }
            finally {
                await client.end();
            }
        },
    };
}
//# sourceMappingURL=postgres.js.map