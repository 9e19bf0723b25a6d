/** Response schemas of the deprecations API (also the portal's types). */
import { Type } from '@sinclair/typebox';

const DateTime = Type.String({ format: 'date-time' });
export const DeprecationUsage = Type.Object({
  routeId: Type.String(),
  env: Type.String(),
  vendorOrgId: Type.String({ format: 'uuid' }),
  vendorOrgNumber: Type.String(),
  vendorName: Type.String(),
  calls: Type.Integer(),
  callsAfterSunset: Type.Integer(),
  firstCallAt: DateTime,
  lastCallAt: DateTime,
});
const Api = Type.Object({ product: Type.Optional(Type.String()), method: Type.String(), path: Type.String(), deprecatedAt: Type.Optional(Type.String()), sunsetAt: Type.String() });
export const DeprecationView = Type.Object({
  noticeId: Type.String({ format: 'uuid' }),
  ref: Type.String(),
  title: Type.String(),
  titleEn: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  publishedAt: DateTime,
  apis: Type.Array(Api),
  sunsetAt: Type.Union([DateTime, Type.Null()]),
  usage: Type.Array(DeprecationUsage),
  vendors: Type.Integer(),
});

