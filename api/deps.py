"""Dependencies: the pipeline built once in the lifespan, handed to routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from rag import Pipeline


def get_pipeline(request: Request) -> Pipeline:
    return request.app.state.pipeline


PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]
