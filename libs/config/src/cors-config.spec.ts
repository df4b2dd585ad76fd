import { loadConfig } from './app-config';
import { problemsOf } from './testing/problems-of';

describe('CORS configuration', () => {
  it('allows no origin by default, the origins named, or any with *', () => {
    expect(loadConfig({}).http.corsOrigins).toBeNull();
    expect(loadConfig({ CORS_ORIGINS: 'https://desk.example.com, http://localhost:5173' }).http.corsOrigins).toEqual(['https://desk.example.com', 'http://localhost:5173']);
    expect(loadConfig({ CORS_ORIGINS: '*' }).http.corsOrigins).toBe('*');
  });

  it('refuses what is not an origin, naming it', () => {
    for (const wrong of ['desk.example.com', 'https://desk.example.com/app', 'ftp://desk.example.com', '*, https://desk.example.com']) {
      expect({ wrong, problems: problemsOf({ CORS_ORIGINS: wrong }).map((problem) => problem.field) }).toEqual({ wrong, problems: ['CORS_ORIGINS'] });
    }
  });
});
