"""Seed section "Generating SDKs": OpenAPI documents shaped for client generators."""
