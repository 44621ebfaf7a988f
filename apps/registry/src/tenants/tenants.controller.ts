import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '@herald/http-api';
import { AdminTokenGuard } from './admin-token.guard.js';
import { TenantsService } from './tenants.service.js';

const createTenantSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
});

/** Operator API (admin token): create tenants, list them, read one. */
@Controller('v1/tenants')
@UseGuards(AdminTokenGuard)
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown) {
    const input = parseInput(createTenantSchema, body);
    return this.tenants.create(input.name);
  }

  @Get()
  async list() {
    return { data: await this.tenants.list() };
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.tenants.get(id);
  }
}
