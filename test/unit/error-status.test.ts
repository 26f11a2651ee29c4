import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../src/adapters/http/error-handler';
import {
  AppError,
  ConflictError,
  InvalidError,
  NotFoundError,
  UnavailableError,
} from '../../src/domain/errors';
import { createLogger } from '../../src/logger';

/** Item 5 of issue 11: the domain says what went wrong; only the HTTP adapter knows statuses. */
describe('domain errors and HTTP statuses', () => {
  const cases: Array<[string, AppError, number, string]> = [
    ['not found', new NotFoundError('report'), 404, 'not_found'],
    ['conflict', new ConflictError(), 409, 'conflict'],
    ['invalid', new InvalidError('incomplete report'), 400, 'bad_request'],
    ['unavailable', new UnavailableError('redis down'), 503, 'unavailable'],
    ['locked', new AppError('locked for 15 minutes', { code: 'locked' }), 423, 'forbidden'],
  ];

  it.each(cases)('when the domain raises %s, then the error carries no HTTP status', (_name, err) => {
    expect(Object.keys(err)).not.toContain('status');
    expect('status' in err).toBe(false);
  });

  it.each(cases)(
    'when a route fails with %s, then the HTTP adapter answers its status and code',
    async (_name, err, status, code) => {
      const app = express();
      app.get('/x', () => {
        throw err;
      });
      app.use(errorHandler(createLogger({ level: 'silent' })));
      const res = await request(app).get('/x');
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ error: { code } });
      // Trouble on our side is never described to the client.
      if (status >= 500) expect(res.body.error.message).not.toContain('redis');
    },
  );
});
