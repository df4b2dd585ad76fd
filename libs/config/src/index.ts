export * from './app-config';
export * from './env-file';
export * from './jwt-secret';
export * from './auth-config';
export * from './audit-config';
export * from './audit-keys';
export * from './personal-data-config';
export * from './cors-config';
