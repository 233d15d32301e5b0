/** The secrets of every test server: the platform administrator's password, the demo password, the token secret. */
export const TEST_ADMIN_PASSWORD = 'test-admin-password';
export const TEST_DEMO_PASSWORD = 'test-demo-password';
export const TEST_JWT_SECRET = 'test-secret-of-the-gridflow-test-servers-0123456789';
