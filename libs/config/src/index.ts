export * from './app-config';
export * from './jwt-secret';
export * from './auth-config';
