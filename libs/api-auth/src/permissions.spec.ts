import { describe, expect, it } from '@jest/globals';
import { Controller, Get, Post } from '@nestjs/common';
import { RequirePermission, roleAllows } from './permissions.js';
import { undeclaredRoutes } from './route-permission.js';

describe('roleAllows', () => {
  it('gives admin everything, viewer only reads, publisher only publishes', () => {
    expect(roleAllows('admin', 'api-keys:manage')).toBe(true);
    expect(roleAllows('configurator', 'endpoints:write')).toBe(true);
    expect(roleAllows('configurator', 'event-types:write')).toBe(false);
    expect(roleAllows('configurator', 'events:publish')).toBe(false);
    expect(roleAllows('viewer', 'read')).toBe(true);
    expect(roleAllows('viewer', 'secrets:manage')).toBe(false);
    expect(roleAllows('publisher', 'events:publish')).toBe(true);
    expect(roleAllows('publisher', 'read')).toBe(false);
  });
});

describe('undeclaredRoutes', () => {
  @Controller('x')
  class Mixed {
    @Get()
    @RequirePermission('read')
    declared() {}

    @Post()
    forgotten() {}

    helper() {}
  }

  @Controller('y')
  @RequirePermission('read')
  class Whole {
    @Get()
    any() {}
  }

  it('names route handlers without a permission, ignoring non-routes and class-level declarations', () => {
    expect(undeclaredRoutes([Mixed, Whole])).toEqual(['Mixed.forgotten']);
  });
});
