"""The API's audit events (config/api_urls.py), for managers' systems (a SIEM): every event the
client's user may read in the audit search, in sequence order, a cursor at a time, with the
values each hash covers, its content digest and its hash, so the receiver verifies the chain:
hash = SHA-256("<prev_hash>:<sequence>:<content_digest>") and each prev_hash is the hash before.
Police-only events read by a manager's client are recorded as a consultation, as on the search."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.forms import MAX_ID
from partners.permissions import require

from . import consultation_services, selectors
from .canonical import HASHED_FIELDS, content_digest
from .models import Event

MAX_LIMIT = 500


class EventSerializer(serializers.ModelSerializer):
    content_digest = serializers.SerializerMethodField()

    class Meta:
        model = Event
        # What the hash covers, then the digest and hash a receiver checks the chain with.
        fields = [*HASHED_FIELDS, "content_digest", "hash"]
        read_only_fields = fields

    def get_content_digest(self, event) -> str:
        return content_digest(event.hashed_values())


class EventQuery(serializers.Serializer):
    after = serializers.IntegerField(
        min_value=0, max_value=MAX_ID, default=0, help_text="the last sequence number already received"
    )
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=100)


class EventPage(serializers.Serializer):
    results = EventSerializer(many=True)
    next = serializers.CharField(
        allow_null=True, help_text="the next page's address; null at the newest event"
    )
    last_sequence = serializers.IntegerField(allow_null=True)


class EventList(APIView):
    @extend_schema(parameters=[EventQuery], responses={200: EventPage})
    def get(self, request):
        """Events after a sequence number, oldest first: follow `next` until it is null, keep
        `last_sequence` and ask again from there later."""
        require(request.user, "audit.search_events", action="audit.search", record=False)
        query = EventQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        after, limit = query.validated_data["after"], query.validated_data["limit"]
        events = list(
            selectors.events_visible_to(request.user)
            .filter(sequence__gt=after)
            .order_by("sequence")[: limit + 1]
        )
        more = len(events) > limit
        events = events[:limit]
        # A consultation record names only sequences and filters: reading it reveals no police-only
        # value, so a SIEM polling the trail does not record a consultation of its own last poll.
        police_only = [
            event.sequence
            for event in events
            if event.police_only and event.action != consultation_services.SEARCH_CONSULTATION_ACTION
        ]
        if police_only:
            consultation_services.search_record_consultation(
                actor=request.user,
                filters={"api": "events", "after": str(after), "limit": str(limit)},
                sequences=police_only,
            )
        last = events[-1].sequence if events else None
        next_url = None
        if more:
            next_url = request.build_absolute_uri(f"{request.path}?after={last}&limit={limit}")
        return Response(
            {"results": EventSerializer(events, many=True).data, "next": next_url, "last_sequence": last}
        )
