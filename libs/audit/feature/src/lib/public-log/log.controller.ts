import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditEntryRepository, AuditTreeRepository, CheckpointRepository } from '@consentry/audit-data-access';
import { ProblemException, ValidationProblem } from '@consentry/shared-http';
import { LogSigner } from '../signing/log-signer.service';
import {
  CheckpointListDto,
  CheckpointListQueryDto,
  ConsistencyProofDto,
  ConsistencyProofQueryDto,
  EntryIndexParamDto,
  EntryRangeDto,
  EntryRangeQueryDto,
  InclusionProofDto,
  InclusionProofQueryDto,
  PublicEntryDto,
} from './log.dto';
import { b64, toCheckpoint, toPublicEntry } from './log.mapper';

const beyondTree = (size: number, current: number) =>
  new ProblemException(404, 'tree-size-unknown', 'Tree size not reached', `The log has ${current} entries; it has no tree of size ${size} yet`, { treeSize: current });

/**
 * The public verification API, in the shape transparency-log tooling expects: signed
 * checkpoints (C2SP), the verifier key, leaves, and RFC 9162 proofs. No authentication: the
 * leaves name citizens only by salted commitments.
 */
@ApiTags('log')
@Controller('v1/log')
export class LogController {
  constructor(
    private readonly tree: AuditTreeRepository,
    private readonly entries: AuditEntryRepository,
    private readonly checkpoints: CheckpointRepository,
    private readonly signer: LogSigner,
  ) {}

  @Get('checkpoint')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The latest signed checkpoint (C2SP tlog-checkpoint in a C2SP signed note)' })
  @ApiOkResponse({ description: 'origin, tree size, base64 root hash, blank line, Ed25519 signature lines', type: String })
  async checkpoint(): Promise<string> {
    const latest = await this.checkpoints.latest();
    if (!latest) throw new ProblemException(503, 'no-checkpoint', 'No checkpoint yet', 'The first checkpoint is published within seconds of start-up');
    return latest.note;
  }

  @Get('key')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The verifier key new checkpoints are signed with (C2SP vkey: name+keyhash+base64key)' })
  @ApiOkResponse({ type: String })
  key(): string {
    return this.signer.primaryVkey + '\n';
  }

  @Get('keys')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Every verifier key the log has ever signed with, one per line, oldest first (old checkpoints stay verifiable after rotation)' })
  @ApiOkResponse({ type: String })
  async keys(): Promise<string> {
    return (await this.signer.allVerifierKeys()).join('\n') + '\n';
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Published checkpoints, oldest first, for auditors checking consistency between them' })
  @ApiOkResponse({ type: CheckpointListDto })
  async checkpointList(@Query() query: CheckpointListQueryDto): Promise<CheckpointListDto> {
    return { checkpoints: (await this.checkpoints.list(query.after ?? 0, query.limit ?? 100)).map(toCheckpoint) };
  }

  @Get('entries')
  @ApiOperation({ summary: 'Consecutive entries from `start`, for downloading the log' })
  @ApiOkResponse({ type: EntryRangeDto })
  async entryRange(@Query() query: EntryRangeQueryDto): Promise<EntryRangeDto> {
    const head = await this.tree.head();
    const end = Math.min(head.size, query.start + (query.limit ?? 100));
    const rows = query.start < end ? await this.entries.range(query.start, end) : [];
    return { entries: rows.map(toPublicEntry), treeSize: head.size };
  }

  @Get('entries/:index')
  @ApiOperation({ summary: 'One entry: its exact leaf bytes (base64) and public fields' })
  @ApiOkResponse({ type: PublicEntryDto })
  @ApiNotFoundResponse({ description: 'No entry at this index yet' })
  async entry(@Param() params: EntryIndexParamDto): Promise<PublicEntryDto> {
    const row = await this.entries.byIndex(params.index);
    if (!row) throw new ProblemException(404, 'entry-not-found', 'No such entry', `The log has no entry ${params.index}`);
    return toPublicEntry(row);
  }

  @Get('proofs/inclusion')
  @ApiOperation({ summary: 'RFC 9162 inclusion proof of entry `index` in the tree of `treeSize` entries' })
  @ApiOkResponse({ type: InclusionProofDto })
  async inclusion(@Query() query: InclusionProofQueryDto): Promise<InclusionProofDto> {
    if (query.index >= query.treeSize) throw new ValidationProblem([{ field: 'index', message: 'must be smaller than treeSize' }]);
    const head = await this.tree.head();
    if (query.treeSize > head.size) throw beyondTree(query.treeSize, head.size);
    const { proof, rootHash } = await this.tree.inclusionProofWithRoot(query.index, query.treeSize);
    return { index: query.index, treeSize: query.treeSize, rootHash: b64(rootHash), proof: proof.map(b64) };
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: 'RFC 9162 consistency proof between the trees of `from` and `to` entries' })
  @ApiOkResponse({ type: ConsistencyProofDto })
  async consistency(@Query() query: ConsistencyProofQueryDto): Promise<ConsistencyProofDto> {
    if (query.from > query.to) throw new ValidationProblem([{ field: 'from', message: 'must not be larger than to' }]);
    const head = await this.tree.head();
    if (query.to > head.size) throw beyondTree(query.to, head.size);
    const proof = await this.tree.consistencyProof(query.from, query.to);
    return { from: query.from, to: query.to, proof: proof.map(b64) };
  }
}
