"""What the admin tests share: two small track files, and an object's admin pages and change
history."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

TINY_TRACK = """\
# Tiny Track
<!--
slug: tiny
-->

A track for tests.

## Level 1 — Beginner

### 1. Calculator

**What you build:** A command-line calculator.

**Skills you’ll learn:** input(), f-strings.

**Milestones:** Add two numbers; handle invalid input; add unit tests.

**Stretch goals:**
- Memory recall

## Level 2 — Intermediate

### 1. Todo API

**What you build:** A small web API.

**Milestones:** List todos.
"""

NEW_TRACK = """\
# Brand New Track

## Week 1 — Basics

### Hello

**Milestones:** Print hello.
"""


def history(obj) -> list[LogEntry]:
    content_type = ContentType.objects.get_for_model(obj)
    entries = LogEntry.objects.filter(content_type=content_type, object_id=str(obj.pk))
    return list(entries.order_by("action_time"))


def changelist(model):
    return reverse(f"admin:curriculum_{model._meta.model_name}_changelist")


def change_page(obj):
    return reverse(f"admin:curriculum_{obj._meta.model_name}_change", args=[obj.pk])
